import { BadRequestException, HttpStatus, type ValidationError } from '@nestjs/common';

/**
 * class-validator's errors in the same shape as the domain's InvalidParameterError responses:
 * `{statusCode, error, field, message}`, naming the first offending field (`limit`, `sort`).
 */
export function validationException(errors: ValidationError[]): BadRequestException {
  const [first] = errors;
  const path: string[] = [];
  let error: ValidationError | undefined = first;
  while (error) {
    path.push(error.property);
    if (error.constraints) break;
    error = error.children?.[0];
  }
  const field = path.join('.');
  const detail = Object.values(error?.constraints ?? {}).join('; ') || 'is invalid';
  return new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', field, message: `${field}: ${detail}` });
}
