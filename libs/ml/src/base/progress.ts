/**
 * How far a fit has come, as an estimator reports it while it fits: trees built of
 * `n_estimators`, solver iterations of `max_iter` with the current loss. Reporting is
 * observation only: a fit with a callback builds exactly the model it builds without one.
 */
export interface FitProgress {
  /** What `done` and `total` count: `trees`, `iterations`, `estimators`, ... */
  readonly unit: string;
  readonly done: number;
  /** The most there can be; a solver that converges stops before it. */
  readonly total: number;
  /** The objective's current value, where the solver has one (LogisticRegression's penalised log loss). */
  readonly loss?: number;
}

export type FitProgressCallback = (progress: FitProgress) => void;

/** What `fit` takes besides the data. */
export interface FitOptions {
  /** Called as the fit advances; see {@link FitProgress}. */
  readonly onProgress?: FitProgressCallback;
}
