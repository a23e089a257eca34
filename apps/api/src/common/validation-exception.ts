import type { ValidationError } from '@nestjs/common';
import { InvalidParameterError } from '@mnist-lab/ml/spec';

/**
 * class-validator's errors as the domain's own: an InvalidParameterError naming the first
 * offending field (`limit`, `sort`), so DTO checks and spec checks answer alike.
 */
export function validationException(errors: ValidationError[]): InvalidParameterError {
  const [first] = errors;
  const path: string[] = [];
  let error: ValidationError | undefined = first;
  while (error) {
    path.push(error.property);
    if (error.constraints) break;
    error = error.children?.[0];
  }
  return new InvalidParameterError(path.join('.'), Object.values(error?.constraints ?? {}).join('; ') || 'is invalid');
}
