import type { SchemaObject } from '@nestjs/swagger';

/*
 * OpenAPI schemas of the JSON responses whose presenters are plain functions (runs, sweeps,
 * models, datasets, health): what GET /docs-json publishes and the dashboard's types are generated
 * from. The e2e OpenAPI suite checks real responses against them.
 */

type Properties = Record<string, SchemaObject>;

export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
/** An object with exactly these properties, every one of them present (possibly null). */
export const object = (properties: Properties, description?: string): SchemaObject => ({
  type: 'object',
  ...(description ? { description } : {}),
  required: Object.keys(properties),
  properties,
});
const arrayOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const freeform = (description: string): SchemaObject => ({ type: 'object', additionalProperties: true, description });

const string: SchemaObject = { type: 'string' };
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const dateTime: SchemaObject = { type: 'string', format: 'date-time' };
const number: SchemaObject = { type: 'number' };
const integer: SchemaObject = { type: 'integer' };
const seconds = (description: string): SchemaObject => ({ type: 'number', nullable: true, description });

const RUN_STATUS: SchemaObject = { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] };
const SWEEP_STATUS: SchemaObject = { type: 'string', enum: ['queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled'] };

/** Who owns a run, sweep, model or dataset (issue #15): its project and the API key that created it. */
const OWNERSHIP: Properties = {
  project: { type: 'string', example: 'default', description: 'The project it belongs to' },
  created_by: nullable(
    object({ key_id: string, name: string }, 'The API key that created it (its id, `env:admin` for ADMIN_API_KEY, and name); null for resources from before API keys and built-in datasets'),
  ),
};
const PROJECT: Properties = { project: OWNERSHIP['project'] };

/** A keyset page of `item`s; with `count=true`, the number of matching rows too. */
export const pageOf = (item: SchemaObject): SchemaObject => {
  const page = object({ items: arrayOf(item), next_cursor: nullable({ type: 'string', description: 'Pass as `cursor` for the next page; null on the last' }) });
  return {
    ...page,
    properties: {
      ...page.properties,
      count: { ...integer, description: 'With count=true: how many rows match, exact up to 10,000' },
      count_estimated: { type: 'boolean', description: "With count=true: whether count is the planner's estimate (beyond 10,000)" },
    },
  };
};

export const ACCEPTED_RUN = object({ id: uuid, status: { type: 'string', enum: ['queued'] }, ...PROJECT });
export const CANCELLED_RUN = object({ id: uuid, status: { type: 'string', enum: ['cancelled'] } });

/** A run's or sweep's metadata (issue #16), set at submission or by PATCH. */
const NAME = nullable({ type: 'string', description: 'A name for people; not unique' });
const TAGS: SchemaObject = { type: 'object', additionalProperties: { type: 'string' }, description: 'String -> string; a sweep\'s trials and refit run inherit its tags' };
const NOTES = nullable({ type: 'string', description: 'Free text' });

export const RUN_SUMMARY = object({
  id: uuid,
  name: NAME,
  tags: TAGS,
  status: RUN_STATUS,
  dataset: string,
  model_type: string,
  params: freeform("The final estimator's parameters"),
  sweep_id: nullable(uuid),
  test_accuracy: nullable(number),
  train_accuracy: nullable(number),
  tensor_backend: nullable(string),
  created_at: dateTime,
  finished_at: nullable(dateTime),
  duration_seconds: nullable(number),
  error: nullable(string),
  ...OWNERSHIP,
});

const RUN_PROGRESS = nullable(
  object(
    {
      stage: nullable({ type: 'string', enum: ['load', 'fit', 'evaluate', 'save'] }),
      unit: nullable({ type: 'string', description: 'What done and total count: trees, iterations, ...' }),
      done: nullable(integer),
      total: nullable(integer),
      loss: nullable({ type: 'number', description: "The solver's current objective (LogisticRegression)" }),
      updated_at: nullable(dateTime),
      elapsed_seconds: number,
      eta_seconds: seconds("The fit's remaining time at its pace so far; null outside the fit or before its first count"),
    },
    'While the run is running (null otherwise): what its worker last reported',
  ),
);

export const RUN = object({
  id: uuid,
  name: NAME,
  tags: TAGS,
  notes: NOTES,
  status: RUN_STATUS,
  dataset: string,
  model_type: string,
  sweep_id: nullable(uuid),
  spec: freeform('The request as validated, defaults filled in'),
  tensor_backend: nullable(string),
  seeds: object({ split_random_state: nullable(integer), estimator_random_state: nullable(integer) }),
  timings: object({
    queued_at: dateTime,
    started_at: nullable(dateTime),
    finished_at: nullable(dateTime),
    queue_wait_seconds: seconds('From submission to a worker claiming the run'),
    load_seconds: seconds('Reading and splitting the dataset'),
    fit_seconds: seconds('Fitting the estimator'),
    evaluate_seconds: seconds('Predicting both subsets and computing the evaluation views'),
    predict_seconds: seconds('Predicting the test subset alone'),
    save_seconds: seconds('Encoding the model artifact and writing it with the results'),
  }),
  progress: RUN_PROGRESS,
  attempts: integer,
  worker_id: nullable(string),
  fit_info: nullable(freeform('What the estimator reported about its fit')),
  error: nullable(string),
  metrics: nullable(freeform('Once succeeded: {test: {...}, train: {...}}, each with accuracy, n_samples and the evaluation views')),
  model: nullable(object({ id: uuid, size_bytes: integer, sha256: string })),
  ...OWNERSHIP,
});

export const RUN_EVALUATION: SchemaObject = {
  ...object({ run_id: uuid, model_type: string, set: { type: 'string', enum: ['test', 'train'] }, accuracy: number, n_samples: integer }),
  additionalProperties: true,
  description: 'With every evaluation view: confusion matrices, classification report, most confused pairs, misclassified samples (test)',
};

/** A halving search's schedule, scikit-learn's attributes: present only for search halving_random and halving_grid. */
const HALVING_ATTRIBUTES: Properties = {
  n_resources_: arrayOf(integer),
  n_candidates_: arrayOf(integer),
  n_iterations_: integer,
  n_required_iterations_: integer,
  n_possible_iterations_: integer,
  n_remaining_candidates_: integer,
  min_resources_: number,
  max_resources_: integer,
};
/** `schema` with the optional properties `extra` (not required). */
const withOptional = (schema: SchemaObject, extra: Properties): SchemaObject => ({ ...schema, properties: { ...schema.properties, ...extra } });

export const ACCEPTED_SWEEP = withOptional(object({ id: uuid, status: SWEEP_STATUS, ...PROJECT, n_candidates: integer, total_trials: integer }), HALVING_ATTRIBUTES);
export const CANCELLED_SWEEP = object({ id: uuid, status: { type: 'string', enum: ['cancelled'] }, cancelled_trials: integer });
export const RESUMED_SWEEP = object({
  id: uuid,
  status: { type: 'string', enum: ['queued'] },
  rerun_trials: { type: 'integer', description: 'Trials queued again: those cancelled before they finished (none when only the refit is left)' },
});

export const TRIAL = object({
  id: uuid,
  candidate: integer,
  fold: integer,
  params: freeform('The sampled parameters, as get_params() names them (model__max_depth)'),
  status: RUN_STATUS,
  test_score: nullable(number),
  scores: nullable(freeform('Every scorer\'s scores: {test: {...}, train: {...} or null}')),
  fit_seconds: nullable(number),
  score_seconds: nullable(number),
  attempts: integer,
  worker_id: nullable(string),
  error: nullable(string),
  enqueued_at: dateTime,
  started_at: nullable(dateTime),
  computed_at: nullable(dateTime),
  recorded_at: nullable(dateTime),
});

export const SWEEP_SUMMARY = object({
  id: uuid,
  name: NAME,
  tags: TAGS,
  status: SWEEP_STATUS,
  dataset: string,
  model_type: string,
  n_candidates: integer,
  n_splits: integer,
  total_trials: integer,
  done_trials: integer,
  failed_trials: integer,
  best_score: nullable(number),
  best_params: nullable(freeform('The best candidate\'s sampled parameters')),
  refit_run_id: nullable(uuid),
  created_at: dateTime,
  finished_at: nullable(dateTime),
  error: nullable(string),
  ...OWNERSHIP,
});

export const SWEEP: SchemaObject = {
  ...withOptional(object({
    id: uuid,
    name: NAME,
    tags: TAGS,
    notes: NOTES,
    status: SWEEP_STATUS,
    dataset: string,
    model_type: string,
    spec: freeform('The request as validated'),
    progress: freeform('Trials done and total, and counts by status'),
    eta_seconds: nullable(number),
    candidates: arrayOf(freeform('A candidate: index, params, status, fold_scores, mean/std/rank of its test scores')),
    best: nullable(object({ index: integer, params: freeform('Its parameters'), score: number })),
    cv_results: freeform("scikit-learn's cv_results_ so far"),
    refit_run: nullable(freeform('The refit run: id, status, test_accuracy, train_accuracy, fit_seconds')),
    trials: arrayOf(TRIAL),
    error: nullable(string),
    created_at: dateTime,
    started_at: nullable(dateTime),
    finished_at: nullable(dateTime),
    ...OWNERSHIP,
  }), HALVING_ATTRIBUTES),
  description: 'A sweep with its trials as they arrive, cv_results_ so far, the best candidate and an ETA',
};

export const RUN_FIELDS_PRESENT = object({
  columns: arrayOf(object({ name: string, type: { type: 'string', enum: ['string', 'number', 'boolean', 'time', 'uuid', 'enum'] } })),
  params: arrayOf(object({ name: { type: 'string', example: 'params.model__max_depth' }, types: arrayOf({ type: 'string', description: 'JSON types of its values: number, string, boolean, null' }) })),
  metrics: arrayOf({ type: 'string', example: "metrics.test.recall['8']" }),
  tags: arrayOf({ type: 'string', example: 'tags.team' }),
});

const SIDE_BY_SIDE = arrayOf(object({ name: string, values: arrayOf({ description: 'One per run, in the order of runs; null where a run has none' }), differs: { type: 'boolean' } }));
export const RUN_COMPARISON = object({
  runs: arrayOf(object({ id: uuid, name: NAME, status: RUN_STATUS, model_type: string, dataset: string, tags: TAGS, created_at: dateTime })),
  params: SIDE_BY_SIDE,
  metrics: SIDE_BY_SIDE,
  confusion_matrix_difference: nullable(
    object(
      { subset: { type: 'string', enum: ['test'] }, minuend: uuid, subtrahend: uuid, labels: arrayOf(integer), matrix: arrayOf(arrayOf(integer)) },
      "The first run's test confusion matrix minus the second's, over both runs' labels; null unless both have one",
    ),
  ),
});

export const RUN_AGGREGATE = object({
  group_by: string,
  metric: string,
  groups: arrayOf(
    object({
      group: { nullable: true, description: "The group's value (null: runs without one)" },
      count: integer,
      n: { ...integer, description: 'Runs of the group with a value of the metric' },
      mean: nullable(number),
      min: nullable(number),
      max: nullable(number),
      stddev: nullable({ type: 'number', description: 'Sample standard deviation; null under two values' }),
    }),
  ),
  truncated: { type: 'boolean', description: 'More than 1000 groups: the first 1000 are given' },
});

export const MODEL_SUMMARY = object({
  id: uuid,
  run_id: nullable(uuid),
  model_type: string,
  dataset: nullable(string),
  format_version: integer,
  size_bytes: integer,
  sha256: string,
  test_accuracy: nullable(number),
  created_at: dateTime,
  artifact_url: string,
  ...OWNERSHIP,
});

export const MODEL = object({ ...(MODEL_SUMMARY.properties as Properties), header: freeform("The artifact's JSON header: format version, estimator spec, classes, library, metadata") });

const PREDICTED = object({
  model_id: uuid,
  classes: arrayOf(integer),
  predictions: arrayOf(object({ label: integer, probabilities: { type: 'object', additionalProperties: { type: 'number' }, description: 'By class label' } })),
});
/** A PNG's predictions also show the 28x28 instance it became (not a required property: JSON and raw-byte requests have none). */
export const PREDICTIONS: SchemaObject = {
  ...PREDICTED,
  properties: {
    ...PREDICTED.properties,
    image: object({ width: integer, height: integer, inverted: { type: 'boolean' }, pixels: arrayOf(integer) }, 'For a PNG: its size, whether it was inverted, and the preprocessed pixels'),
  },
};

export const DATASET = object({
  name: string,
  sha256: string,
  size_bytes: integer,
  created_at: dateTime,
  n_samples: integer,
  n_features: integer,
  image_shape: nullable(arrayOf(integer)),
  classes: arrayOf(object({ label: integer, count: integer })),
  min: nullable(number),
  max: nullable(number),
  mean: nullable(number),
  nan_count: integer,
  ...OWNERSHIP,
});

export const HEALTH: SchemaObject = {
  ...object({ status: { type: 'string', enum: ['ok', 'error'] }, message: string }),
  additionalProperties: true,
  description: "Terminus's result: info, error and details by dependency (postgres, redis)",
};
export const LIVENESS = object({ status: { type: 'string', enum: ['ok'] } });

/** A server-sent event stream; each event's data is a JSON document. */
export const EVENT_STREAM = { 'text/event-stream': { schema: { type: 'string', description: 'data: <the sweep as GET /sweeps/{id} shows it>, one event per change' } } };
