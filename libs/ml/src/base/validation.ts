import { DataError } from './errors';
import { uniqueLabels, type Labels, type Matrix } from './matrix';

/**
 * scikit-learn's `check_X_y` for `fit`: at least one sample and one feature, only finite values,
 * and (when given) one label per sample.
 */
export function checkFitData(X: Matrix, y: Labels | undefined, estimator: string): void {
  if (X.rows === 0 || X.cols === 0) {
    throw new DataError(`${estimator} needs at least 1 sample and 1 feature; got X with shape ${X.rows}x${X.cols}`);
  }
  if (y !== undefined && y.length !== X.rows) throw new DataError(`X has ${X.rows} samples but y has ${y.length} labels`);
  checkFinite(X, estimator);
}

/** The sorted classes of `y`; a classifier learns nothing from fewer than two. */
export function checkClassLabels(y: Labels, estimator: string): Int32Array {
  const classes = uniqueLabels(y);
  if (classes.length < 2) {
    throw new DataError(`${estimator} needs samples of at least 2 classes, but y contains only one class: ${classes[0]}`);
  }
  return classes;
}

/** What `predict` or `transform` receives: the number of features seen in `fit`, only finite values. */
export function checkPredictData(X: Matrix, nFeatures: number, estimator: string): void {
  if (X.cols !== nFeatures) throw new DataError(`X has ${X.cols} features, but ${estimator} is expecting ${nFeatures} features as input`);
  checkFinite(X, estimator);
}

/** Bytes are always finite; floats are scanned once, as scikit-learn's `assert_all_finite`. */
function checkFinite(X: Matrix, estimator: string): void {
  if (X.data instanceof Uint8Array) return;
  const { data } = X;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / X.cols);
      throw new DataError(`Input X contains NaN or infinity (row ${row}, feature ${i - row * X.cols}); ${estimator} needs finite values`);
    }
  }
}
