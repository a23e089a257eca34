import { int, type ParamDefinition } from '../base/params';

/** scikit-learn's `cv=int` for a classifier: the number of `StratifiedKFold` folds, 5 by default. */
export const CV_PARAM: ParamDefinition = { default: 5, constraints: [int(2)], description: 'Number of StratifiedKFold folds.' };
