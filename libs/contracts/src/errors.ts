import { DomainError } from '@mnist-lab/ml/spec';

/*
 * The errors of the service's own domain (runs, sweeps, models, datasets, stored rows), beside the
 * estimator errors of libs/ml (InvalidParameterError, NotFittedError, ArtifactError, DataError).
 * Each has a stable `code`; the api's one exception filter gives each code its HTTP status.
 */

/** No `resource` with this id (a run, a sweep, a model, a dataset, a run's evaluation). */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
  readonly code = 'not_found';
  constructor(
    readonly resource: string,
    readonly id: string,
    message = `${resource} ${id} does not exist`,
  ) {
    super(message);
  }
}

/** The resource exists but is not in a state that allows this (a sweep already finished, a run still training). */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
  readonly code = 'conflict';
}

/** The job queue did not take the work; nothing was stored, so the caller may simply try again. */
export class QueueUnavailableError extends DomainError {
  override readonly name = 'QueueUnavailableError';
  readonly code = 'queue_unavailable';
}

/**
 * A stored row that does not decode: written by a newer version, or damaged. `field` is
 * `<table>[<id>].<column>.<path>`, so the message leads straight to the row and the value.
 */
export class InvalidStoredDataError extends DomainError {
  override readonly name = 'InvalidStoredDataError';
  readonly code = 'invalid_stored_data';
  constructor(
    readonly table: string,
    readonly id: string,
    path: string,
    readonly detail: string,
  ) {
    super(`${table}[${id}].${path}: ${detail}`, { field: `${table}[${id}].${path}` });
  }
}

/** `value`, or a NotFoundError for `resource` `id` when there is none. */
export function found<T>(value: T | null | undefined, resource: string, id: string): T {
  if (value === null || value === undefined) throw new NotFoundError(resource, id);
  return value;
}
