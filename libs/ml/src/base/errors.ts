/**
 * A parameter, spec or search-space value that is not allowed. `path` locates it in the caller's
 * document (`estimator.steps[1][1].params.max_depth`, `param_distributions.model__max_depth[5]`),
 * so an HTTP layer can name the field without knowing anything about estimators.
 */
export class InvalidParameterError extends Error {
  override readonly name = 'InvalidParameterError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** `predict` (or `transform`, or `serialize`) called before `fit`, as scikit-learn's NotFittedError. */
export class NotFittedError extends Error {
  override readonly name = 'NotFittedError';
  constructor(estimator: string) {
    super(`This ${estimator} instance is not fitted yet. Call 'fit' before using this estimator.`);
  }
}

/** A saved model that cannot be loaded: truncated, tampered with, or from an unknown format version. */
export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
}

/** Input data with the wrong shape, type or values for this estimator. */
export class DataError extends Error {
  override readonly name = 'DataError';
}
