import { boolean, float, int, none, options, type ParamSchema } from '../base/params';
import type { EstimatorDefinition } from './estimator-definition';

/**
 * scikit-learn's constraint table, plus the mini-batch options of the `adam` solver (named as in
 * MLPClassifier). Defaults that differ from scikit-learn's, and why, are in the descriptions.
 */
export const LOGISTIC_REGRESSION_SCHEMA: ParamSchema = {
  penalty: {
    default: 'l2',
    constraints: [options('l2'), none],
    description: "'l2' adds ||W||^2 / 2 to C times the summed log-loss; null fits without a penalty. scikit-learn's 'l1' and 'elasticnet' are not offered.",
  },
  C: {
    default: 1.0,
    constraints: [float(0, undefined, { minExclusive: true })],
    description: 'Inverse regularisation strength, as in scikit-learn: smaller values penalise large weights more.',
  },
  fit_intercept: {
    default: true,
    constraints: [boolean],
    description: 'Whether to fit an (unpenalised) intercept per class.',
  },
  solver: {
    default: 'adam',
    constraints: [options('adam', 'lbfgs')],
    description:
      "'adam' (the default; scikit-learn's is 'lbfgs'): mini-batch Adam, stopped early by tol. On 56k scaled MNIST rows it fits in " +
      "about 20 s on wasm and tests as well as scikit-learn's lbfgs (which takes 100-150 s), ending a few percent above the " +
      "optimal objective. 'lbfgs': full-batch L-BFGS to scikit-learn's optimum; each iteration is a pass over all the data.",
  },
  max_iter: {
    default: 100,
    constraints: [int(1)],
    description: "Epochs for 'adam' (each one pass over the data), iterations for 'lbfgs'; scikit-learn's default of 100 either way.",
  },
  tol: {
    default: null,
    constraints: [float(0), none],
    description:
      "'lbfgs': stop when the largest gradient entry of the mean objective is at most tol (scikit-learn's gtol). " +
      "'adam': an epoch improves when its mean objective drops by more than tol (SGDClassifier's rule). " +
      "null picks each solver's scikit-learn default: 1e-4 (LogisticRegression) for 'lbfgs', 1e-3 (SGDClassifier) for 'adam'.",
  },
  n_iter_no_change: {
    default: 3,
    constraints: [int(1)],
    description:
      "'adam' only: epochs in a row without an improvement of tol before the rate drops (adaptive) or training stops (constant). " +
      "SGDClassifier waits 5 and MLPClassifier 10; the objective here is convex, so a flat epoch is not a saddle point to wait out.",
  },
  batch_size: {
    default: 256,
    constraints: [int(1)],
    description: "'adam' only: rows per mini-batch, capped at the number of samples (MLPClassifier's default is 200).",
  },
  learning_rate: {
    default: 'adaptive',
    constraints: [options('constant', 'adaptive')],
    description:
      "'adam' only: 'adaptive' divides the rate by 5 whenever n_iter_no_change epochs pass without improvement and stops once it " +
      "would fall below 1e-6 (SGDClassifier's schedule), so Adam settles instead of hovering at its noise floor; 'constant' stops at the first plateau.",
  },
  learning_rate_init: {
    default: 1e-3,
    constraints: [float(0, undefined, { minExclusive: true })],
    description: "'adam' only: the initial step size (MLPClassifier's default).",
  },
  random_state: {
    default: null,
    constraints: [int(0, 0xffffffff), none],
    description: "Seeds the 'adam' shuffles (weights start at zero, as in scikit-learn); null draws a fresh seed.",
  },
};

export const logisticRegressionDefinition: EstimatorDefinition = {
  type: 'logistic_regression',
  displayName: 'LogisticRegression',
  kind: 'classifier',
  schema: LOGISTIC_REGRESSION_SCHEMA,
  relativeCost: (params) => params['max_iter'] as number,
};
