import type { EstimatorFactory } from './estimator';

let registered: EstimatorFactory | undefined;

/**
 * The registry's factory, registered when the registry module loads. Meta-estimators composed from
 * objects (`new Pipeline({ steps: [...] })`) need it to build nested estimators from specs and to
 * restore those fitted on worker threads, and cannot import the registry, which imports them.
 */
export function registerDefaultFactory(factory: EstimatorFactory): void {
  registered = factory;
}

export function defaultFactory(): EstimatorFactory {
  if (!registered) throw new Error("no estimator registry is loaded: import the estimators from '@mnist-lab/ml' (or base/registry)");
  return registered;
}
