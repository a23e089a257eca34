import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import { HistoryQueryError } from '@mnist-lab/infra';
import type { Response } from 'express';

/**
 * A history query the language refuses: 400 with where it went wrong and what was expected
 * there, `{error, message, field, position, expected}`, so that a search bar can point at it.
 */
@Catch(HistoryQueryError)
export class HistoryQueryErrorFilter implements ExceptionFilter {
  catch(error: HistoryQueryError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.BAD_REQUEST)
      .json({ error: 'invalid_query', message: error.message, field: error.field, position: error.position, expected: error.expected });
  }
}
