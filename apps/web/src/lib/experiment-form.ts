import type { EstimatorInfo, EstimatorParam, Json } from '../api/types';
import { formatParam } from './format';

/**
 * The submit forms' state (input values as typed) and the request bodies built from it. Values
 * are passed on as typed, not checked here: the api validates them and names the field it
 * rejects, and the form shows that message next to the input the field belongs to. Which
 * parameters a model has, their defaults and allowed values come from GET /estimators.
 */

/** One parameter's input: a choice among its values when they are few and known, else free text. */
export interface ParamField {
  name: string;
  /** The allowed values in words and the default, as the api states them. */
  hint: string;
  description: string;
  /** For a choice: the values offered, as the api expects them. */
  choices?: readonly Json[];
}

/** The pipeline step the forms' model is, as the notebook names it. */
const MODEL_STEP = 'model';
const CHOICE_KINDS = new Set(['options', 'boolean', 'null']);
const NESTED_KINDS = new Set(['estimator', 'steps', 'estimators']);

/** The models a form offers: classifiers whose parameters are plain values (no nested estimator). */
export function modelChoices(estimators: readonly EstimatorInfo[]): EstimatorInfo[] {
  return estimators.filter(
    (estimator) => estimator.kind === 'classifier' && estimator.params.every((param) => !param.constraints.some((c) => NESTED_KINDS.has(c.kind))),
  );
}

/** The names a sweep's param_distributions gives the model's parameters: `model__C`, as scikit-learn's get_params(deep=True). */
export function searchableParams(model: EstimatorInfo): string[] {
  return model.params.map((param) => `${MODEL_STEP}__${param.name}`);
}

export function paramField(param: EstimatorParam): ParamField {
  const field: ParamField = { name: param.name, hint: `${param.allowed}; default ${formatParam(param.default)}`, description: param.description };
  if (!param.constraints.every((constraint) => CHOICE_KINDS.has(constraint.kind))) return field;
  const choices = param.constraints.flatMap((constraint): Json[] =>
    constraint.kind === 'options' ? (constraint.values ?? []) : constraint.kind === 'boolean' ? [true, false] : [null],
  );
  return { ...field, choices };
}

export interface EstimatorForm {
  dataset: string;
  nSamples: string;
  testSize: string;
  splitRandomState: string;
  stratify: boolean;
  /** Put a StandardScaler step before the model, as the notebook does. */
  scale: boolean;
  /** An estimator type from GET /estimators, e.g. "random_forest". */
  modelType: string;
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
    /** The checkbox adds or removes the scaler step. */
    scale: 'estimator.steps',
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

/**
 * A parameter's input as a value: JSON when it reads as JSON (numbers, null, true, a class_weight
 * object, a choice's value), else the text itself ('sqrt').
 */
export function parseParamInput(text: string): Json {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as Json;
  } catch {
    return trimmed;
  }
}

/** The parameters typed in; empty inputs are left out, so the api fills in its default. */
function modelParams(form: EstimatorForm): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(form.params)
      .filter(([, text]) => text.trim() !== '')
      .map(([name, text]) => [name, parseParamInput(text)]),
  );
}

function estimator(form: EstimatorForm): Json {
  const model = { type: form.modelType, params: modelParams(form) };
  return { type: 'pipeline', steps: form.scale ? [['scale', { type: 'standard_scaler' }], [MODEL_STEP, model]] : [[MODEL_STEP, model]] };
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
