import type { EstimatorSpec, FitInfo } from './estimator';
import { NotFittedError } from './errors';
import type { Params } from './params';

/** Shared plumbing for estimators: params are stored as given (already validated), never mutated. */
export abstract class BaseEstimator<P extends Params> {
  abstract readonly type: string;
  protected abstract readonly displayName: string;
  protected lastFitInfo: FitInfo = {};

  protected constructor(protected readonly params: Readonly<P>) {}

  abstract get isFitted(): boolean;

  getParams(): P {
    return structuredClone(this.params) as P;
  }

  toSpec(): EstimatorSpec {
    return { type: this.type, params: this.getParams() };
  }

  fitInfo(): FitInfo {
    return this.lastFitInfo;
  }

  protected assertFitted(): void {
    if (!this.isFitted) throw new NotFittedError(this.displayName);
  }
}
