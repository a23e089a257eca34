/**
 * An error a caller can act on: a stable machine `code` (`invalid_parameter`, `not_found`, ...),
 * a message for people and, when one input is to blame, the `field` that names it. Libraries know
 * nothing of HTTP: an adapter maps each code to its status, in one place.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly field?: string;
  constructor(message: string, options: { readonly field?: string; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = options.field;
  }
}

/**
 * A parameter, spec or search-space value that is not allowed. `path` locates it in the caller's
 * document (`estimator.steps[1][1].params.max_depth`, `param_distributions.model__max_depth[5]`),
 * so an HTTP layer can name the field without knowing anything about estimators.
 */
export class InvalidParameterError extends DomainError {
  override readonly name = 'InvalidParameterError';
  readonly code = 'invalid_parameter';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`, { field: path });
  }
}

/** `predict` (or `transform`, or `serialize`) called before `fit`, as scikit-learn's NotFittedError. */
export class NotFittedError extends DomainError {
  override readonly name = 'NotFittedError';
  readonly code = 'not_fitted';
  constructor(estimator: string) {
    super(`This ${estimator} instance is not fitted yet. Call 'fit' before using this estimator.`);
  }
}

/** A saved model that cannot be loaded: truncated, tampered with, or from an unknown format version. */
export class ArtifactError extends DomainError {
  override readonly name = 'ArtifactError';
  readonly code = 'invalid_artifact';
}

/** Input data with the wrong shape, type or values for this estimator. */
export class DataError extends DomainError {
  override readonly name = 'DataError';
  readonly code = 'invalid_data';
}
