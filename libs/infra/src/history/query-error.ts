import { DomainError } from '@mnist-lab/ml/spec';

/**
 * A history query (`filter`, `order_by`, `cursor`, `group_by`, ...) that cannot be answered:
 * malformed, naming an unknown field, comparing a field with a value of the wrong type, or over
 * the size limits. `position` is the 0-based offset in the parameter's text where the problem
 * starts, and `expected` what would have been accepted there. Its code is `invalid_query`:
 * a bad request, whose body also carries the position and the expectations.
 */
export class HistoryQueryError extends DomainError {
  override readonly name = 'HistoryQueryError';
  readonly code = 'invalid_query';
  constructor(
    field: string,
    message: string,
    readonly position: number,
    readonly expected: readonly string[],
  ) {
    super(`${field}: ${message}`, { field });
  }
}
