import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import { InvalidParameterError } from '@mnist-lab/ml';
import type { Response } from 'express';

/** Domain validation errors become 400s that name the offending field. */
@Catch(InvalidParameterError)
export class InvalidParameterFilter implements ExceptionFilter {
  catch(error: InvalidParameterError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.BAD_REQUEST)
      .json({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', field: error.path, message: error.message });
  }
}
