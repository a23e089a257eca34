import { boolean, none, options, type ParamDefinition } from '../base/params';
import type { EstimatorDefinition } from './estimator-definition';
import { CV_PARAM } from './search-params';

const ESTIMATORS: ParamDefinition = {
  default: null,
  constraints: [{ kind: 'estimators' }],
  description:
    'Required. The base classifiers as [[name, spec], ...], e.g. [["rf", {"type": "random_forest"}], ["lr", {"type": "logistic_regression"}]]; ' +
    'their parameters are then <name>__<param> (rf__n_estimators).',
};

/** scikit-learn's VotingClassifier (`flatten_transform`, `n_jobs` and `verbose` are not offered). */
export const votingDefinition: EstimatorDefinition = {
  type: 'voting',
  displayName: 'VotingClassifier',
  kind: 'classifier',
  schema: {
    estimators: ESTIMATORS,
    voting: {
      default: 'hard',
      constraints: [options('hard', 'soft')],
      description: "'hard': the weighted majority of the predicted labels (ties go to the smallest label); 'soft': the argmax of the weighted mean of predict_proba.",
    },
    weights: {
      default: null,
      constraints: [{ kind: 'number_list' }, none],
      description: 'One weight per estimator, for the votes (hard) or the probabilities (soft); null weighs them alike.',
    },
  },
};

/** scikit-learn's StackingClassifier (`n_jobs` and `verbose` are not offered; `cv` is a number of StratifiedKFold folds). */
export const stackingDefinition: EstimatorDefinition = {
  type: 'stacking',
  displayName: 'StackingClassifier',
  kind: 'classifier',
  schema: {
    estimators: ESTIMATORS,
    final_estimator: {
      default: null,
      constraints: [{ kind: 'estimator' }, none],
      description: 'The classifier fitted on the base estimators\' out-of-fold predictions; null is LogisticRegression() with its defaults.',
    },
    cv: { ...CV_PARAM, description: 'Number of StratifiedKFold folds (unshuffled) whose out-of-fold predictions train the final estimator.' },
    stack_method: {
      default: 'auto',
      constraints: [options('auto', 'predict_proba', 'decision_function', 'predict')],
      description: "What each base estimator gives the final one: 'auto' is predict_proba, else decision_function, else predict (for two classes predict_proba's first column is dropped).",
    },
    passthrough: { default: false, constraints: [boolean], description: 'If true, the final estimator also sees the original features, after the predictions.' },
  },
};
