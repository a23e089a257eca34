import type { Json } from '../api/types';
import type { ModelType } from './catalog';

/**
 * The submit forms' state (input values as typed) and the request bodies built from it. Values
 * are passed on as typed, not checked here: the api validates them and names the field it
 * rejects, and the form shows that message next to the input the field belongs to.
 */

export interface ParamField {
  name: string;
  kind: 'number' | 'choice';
  hint?: string;
  /** For 'choice': the values offered, as the api expects them. */
  choices?: readonly Json[];
}

/** The parameters the forms offer, per model; empty inputs leave the api's default. */
export const MODEL_PARAM_FIELDS: Record<ModelType, readonly ParamField[]> = {
  logistic_regression: [
    { name: 'C', kind: 'number', hint: 'Inverse regularisation strength; default 1.0' },
    { name: 'max_iter', kind: 'number', hint: 'Epochs (adam) or iterations (lbfgs); default 100' },
    { name: 'solver', kind: 'choice', choices: ['adam', 'lbfgs'], hint: "default 'adam'" },
    { name: 'tol', kind: 'number', hint: "Stopping tolerance; default None (the solver's own)" },
    { name: 'random_state', kind: 'number', hint: 'Seed; default None' },
  ],
  random_forest: [
    { name: 'n_estimators', kind: 'number', hint: 'Trees; default 100' },
    { name: 'criterion', kind: 'choice', choices: ['gini', 'entropy', 'log_loss'], hint: "default 'gini'" },
    { name: 'max_depth', kind: 'number', hint: 'default None (grow until pure)' },
    { name: 'min_samples_split', kind: 'number', hint: 'default 2' },
    { name: 'min_samples_leaf', kind: 'number', hint: 'default 1' },
    { name: 'max_features', kind: 'choice', choices: ['sqrt', 'log2', null], hint: "default 'sqrt'; None = all features" },
    { name: 'random_state', kind: 'number', hint: 'Seed; default None' },
  ],
};

export interface EstimatorForm {
  dataset: string;
  nSamples: string;
  testSize: string;
  splitRandomState: string;
  stratify: boolean;
  /** Put a StandardScaler step before the model, as the notebook does. */
  scale: boolean;
  modelType: ModelType;
  /** Input values by parameter name; a choice holds its value as JSON text. */
  params: Record<string, string>;
}

export interface SweepForm extends EstimatorForm {
  paramDistributions: string;
  nIter: string;
  cv: string;
  searchRandomState: string;
  refit: boolean;
}

/** The request field each input stands for, as the api names it in a 400's `field`. */
export function fieldPaths(form: EstimatorForm) {
  const model = `estimator.steps[${form.scale ? 1 : 0}][1]`;
  return {
    dataset: 'dataset',
    nSamples: 'n_samples',
    testSize: 'split.test_size',
    splitRandomState: 'split.random_state',
    stratify: 'split.stratify',
    modelType: `${model}.type`,
    param: (name: string) => `${model}.params.${name}`,
    paramDistributions: 'param_distributions',
    nIter: 'n_iter',
    cv: 'cv',
    searchRandomState: 'random_state',
    refit: 'refit',
  };
}

/** A typed number as a number; anything else as typed, for the api to reject by name. */
function numberOrText(text: string): Json {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? value : trimmed;
}

function optional(text: string): Json | undefined {
  return text.trim() === '' ? undefined : numberOrText(text);
}

function modelParams(form: EstimatorForm): Record<string, Json> {
  const params: Record<string, Json> = {};
  for (const field of MODEL_PARAM_FIELDS[form.modelType]) {
    const text = form.params[field.name] ?? '';
    if (text.trim() === '') continue;
    params[field.name] = field.kind === 'choice' ? (JSON.parse(text) as Json) : numberOrText(text);
  }
  return params;
}

function estimator(form: EstimatorForm): Json {
  const model = { type: form.modelType, params: modelParams(form) };
  return { type: 'pipeline', steps: form.scale ? [['scale', { type: 'standard_scaler' }], ['model', model]] : [['model', model]] };
}

function withoutUndefined(body: Record<string, Json | undefined>): Record<string, Json> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Record<string, Json>;
}

export function runRequestBody(form: EstimatorForm): Record<string, Json> {
  return withoutUndefined({
    dataset: form.dataset,
    n_samples: optional(form.nSamples),
    split: withoutUndefined({ test_size: optional(form.testSize), random_state: optional(form.splitRandomState), stratify: form.stratify }),
    estimator: estimator(form),
  });
}

/** Throws a SyntaxError when param_distributions is not JSON (the form shows it on that field). */
export function sweepRequestBody(form: SweepForm): Record<string, Json> {
  return withoutUndefined({
    ...runRequestBody(form),
    param_distributions: JSON.parse(form.paramDistributions) as Json,
    n_iter: optional(form.nIter),
    cv: optional(form.cv),
    scoring: 'accuracy',
    random_state: optional(form.searchRandomState),
    refit: form.refit,
  });
}

/** Form values for a model's parameters: numbers as typed text, choices as JSON text. */
function paramInputs(params: Record<string, Json>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'number' ? String(value) : JSON.stringify(value)]));
}

/** JSON with one parameter per line, its values on that line. */
function formatDistributions(distributions: Record<string, Json[]>): string {
  const lines = Object.entries(distributions).map(([name, values]) => `  ${JSON.stringify(name)}: ${JSON.stringify(values)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

const NOTEBOOK_SPLIT = { dataset: 'mnist_784', nSamples: '', testSize: '0.2', splitRandomState: '42', stratify: false, scale: true };

export interface Preset<T> {
  id: string;
  label: string;
  form: T;
}

/** The notebook's three models (tools/notebook.mjs), on its 80/20 split with random_state=42. */
export const RUN_PRESETS: readonly Preset<EstimatorForm>[] = [
  {
    id: 'logistic',
    label: 'LogisticRegression on scaled pixels (notebook)',
    form: { ...NOTEBOOK_SPLIT, modelType: 'logistic_regression', params: paramInputs({ C: 1.0, random_state: 42 }) },
  },
  {
    id: 'forest',
    label: 'RandomForest with default parameters (notebook)',
    form: { ...NOTEBOOK_SPLIT, modelType: 'random_forest', params: paramInputs({ random_state: 42 }) },
  },
  {
    id: 'tuned_forest',
    label: 'RandomForest, hand-tuned (notebook)',
    form: {
      ...NOTEBOOK_SPLIT,
      modelType: 'random_forest',
      params: paramInputs({ n_estimators: 100, max_depth: 15, min_samples_split: 5, min_samples_leaf: 3, max_features: 'sqrt', random_state: 42 }),
    },
  },
];

/** The notebook's RandomizedSearchCV over the scaled forest. */
export const SWEEP_PRESETS: readonly Preset<SweepForm>[] = [
  {
    id: 'notebook_forest_search',
    label: 'RandomizedSearchCV over the forest (notebook)',
    form: {
      ...NOTEBOOK_SPLIT,
      modelType: 'random_forest',
      params: paramInputs({ random_state: 42 }),
      paramDistributions: formatDistributions({
        model__n_estimators: [25, 50, 100, 200, 300],
        model__criterion: ['gini', 'entropy', 'log_loss'],
        model__max_depth: [null, 1, 2, 3, 5, 10],
      }),
      nIter: '10',
      cv: '3',
      searchRandomState: '0',
      refit: true,
    },
  },
];
