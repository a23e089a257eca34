import { TAG_KEY, TAG_KEY_RULE } from '@mnist-lab/contracts';
import { ESTIMATOR_DEFINITIONS, type Constraint } from '@mnist-lab/ml/spec';
import { Prisma } from '../generated/prisma/client';
import type { FieldPath } from './grammar';
import { HistoryQueryError } from './query-error';

/** What a literal compared with a field must be. */
export type ValueType = 'string' | 'number' | 'boolean' | 'time' | 'uuid' | 'enum';

/** A column of the listed table (or an expression over its columns). */
export interface ColumnField {
  readonly kind: 'column';
  readonly name: string;
  readonly type: Exclude<ValueType, 'boolean'>;
  /** The SQL expression, over the table alias `r`; a constant of this module, never user text. */
  readonly sql: Prisma.Sql;
  /** For `enum`: the values it can hold, and the Postgres type to cast literals to. */
  readonly values?: readonly string[];
  readonly enumType?: string;
}

/** `params.<name>`: an estimator parameter, as scikit-learn's get_params(deep=True) names it. */
export interface ParamField {
  readonly kind: 'param';
  readonly name: string;
  readonly key: string;
  /** The literal types the parameter can take (a number for int and float constraints, ...). */
  readonly types: ReadonlySet<'number' | 'string' | 'boolean'>;
}

/** `metrics.<subset>.<name>` or `metrics.<subset>.<name>['<class>']`, a row of run_metrics. */
export interface MetricField {
  readonly kind: 'metric';
  readonly name: string;
  readonly subset: string;
  readonly metric: string;
  /** '' for a metric of the whole subset. */
  readonly classLabel: string;
  /** A copy kept on the runs table (test and train accuracy), used instead of run_metrics. */
  readonly column: Prisma.Sql | null;
}

/** `tags.<key>` or `tags['<key>']`: a string. */
export interface TagField {
  readonly kind: 'tag';
  readonly name: string;
  readonly key: string;
  /** The listing's tags expression (FieldCatalogue.tags). */
  readonly tags: Prisma.Sql;
}

export type HistoryField = ColumnField | ParamField | MetricField | TagField;

/** Which fields a listing has: its columns, and whether its rows carry params, metrics and tags. */
export interface FieldCatalogue {
  readonly resource: string;
  readonly columns: Readonly<Record<string, ColumnField>>;
  readonly params: boolean;
  readonly metrics: boolean;
  /** The expression of the rows' tags (a JSONB object), null for a listing without tags. */
  readonly tags: Prisma.Sql | null;
}

export const METRIC_SUBSETS = ['test', 'train'] as const;
/** Metrics of a whole subset: accuracy and the classification report's averages. */
export const SUBSET_METRICS = [
  'accuracy',
  'macro_precision',
  'macro_recall',
  'macro_f1',
  'macro_support',
  'weighted_precision',
  'weighted_recall',
  'weighted_f1',
  'weighted_support',
  'micro_precision',
  'micro_recall',
  'micro_f1',
  'micro_support',
] as const;
/** Metrics of one class, a row of the classification report: `recall['8']`. */
export const CLASS_METRICS = ['precision', 'recall', 'f1', 'support'] as const;

const CLASS_LABEL = /^[A-Za-z0-9_.-]{1,32}$/;

export function column(name: string, type: ColumnField['type'], sql: string, extra: Pick<ColumnField, 'values' | 'enumType'> = {}): ColumnField {
  return { kind: 'column', name, type, sql: Prisma.raw(sql), ...extra };
}

/**
 * Every parameter name an estimator has, with the literal types it takes, from the estimators'
 * parameter tables: `params.model__max_depth` is known because some estimator has `max_depth`.
 */
const PARAM_TYPES: ReadonlyMap<string, ReadonlySet<'number' | 'string' | 'boolean'>> = (() => {
  const types = new Map<string, Set<'number' | 'string' | 'boolean'>>();
  for (const definition of ESTIMATOR_DEFINITIONS) {
    for (const [name, param] of Object.entries(definition.schema)) {
      const kinds = param.constraints.flatMap(literalKind);
      if (kinds.length === 0) continue;
      const set = types.get(name) ?? new Set();
      for (const kind of kinds) set.add(kind);
      types.set(name, set);
    }
  }
  return types;
})();

function literalKind(constraint: Constraint): ('number' | 'string' | 'boolean')[] {
  switch (constraint.kind) {
    case 'int':
    case 'float':
      return ['number'];
    case 'options':
      return ['string'];
    case 'boolean':
      return ['boolean'];
    default:
      return [];
  }
}

/** The field a path names in this catalogue, or a HistoryQueryError listing what it could be. */
export function resolveField(catalogue: FieldCatalogue, path: FieldPath, parameter: string): HistoryField {
  const [head, ...rest] = path.parts;
  const unknown = (detail: string, expected: readonly string[]): never => {
    throw new HistoryQueryError(parameter, `unknown field ${JSON.stringify(path.text)}: ${detail}`, path.position, expected);
  };
  if (head === 'params' && catalogue.params) return paramField(path, rest, unknown);
  if (head === 'metrics' && catalogue.metrics) return metricField(path, rest, unknown);
  if (head === 'tags' && catalogue.tags !== null) {
    const key = path.key ?? rest.join('.');
    if ((path.key !== null && rest.length > 0) || !TAG_KEY.test(key)) unknown(`a tag is tags.<key> or tags['<key>'], a key being ${TAG_KEY_RULE}`, ['tags.<key>']);
    return { kind: 'tag', name: `tags.${key}`, key, tags: catalogue.tags };
  }
  const known = catalogue.columns[head];
  if (known && rest.length === 0 && path.key === null) return known;
  return unknown(`${catalogue.resource} have ${describeFields(catalogue).join(', ')}`, describeFields(catalogue));
}

/** The field names a catalogue accepts, for messages and `expected`. */
export function describeFields(catalogue: FieldCatalogue): string[] {
  return [
    ...Object.keys(catalogue.columns),
    ...(catalogue.params ? ['params.<name>'] : []),
    ...(catalogue.metrics ? ['metrics.<subset>.<name>', "metrics.<subset>.<name>['<class>']"] : []),
    ...(catalogue.tags !== null ? ['tags.<key>'] : []),
  ];
}

function paramField(path: FieldPath, rest: readonly string[], unknown: (detail: string, expected: readonly string[]) => never): ParamField {
  if (rest.length !== 1 || path.key !== null) unknown('a parameter is params.<name>, as get_params() names it (params.model__max_depth)', ['params.<name>']);
  const key = rest[0];
  const own = key.split('__').pop() ?? key;
  const types = PARAM_TYPES.get(own);
  if (!types) unknown(`no estimator has a parameter ${JSON.stringify(own)}; known parameters are ${[...PARAM_TYPES.keys()].sort().join(', ')}`, [...PARAM_TYPES.keys()].sort().map((name) => `params.<step>__${name}`));
  return { kind: 'param', name: `params.${key}`, key, types: types as ReadonlySet<'number' | 'string' | 'boolean'> };
}

function metricField(path: FieldPath, rest: readonly string[], unknown: (detail: string, expected: readonly string[]) => never): MetricField {
  const [subset, metric, ...more] = rest;
  if (!(METRIC_SUBSETS as readonly string[]).includes(subset) || more.length > 0 || metric === undefined) {
    unknown(`a metric is metrics.<subset>.<name> with subset ${METRIC_SUBSETS.join(' or ')}`, METRIC_SUBSETS.map((s) => `metrics.${s}.<name>`));
  }
  if (path.key !== null) {
    if (!(CLASS_METRICS as readonly string[]).includes(metric)) unknown(`per-class metrics are ${CLASS_METRICS.join(', ')}`, CLASS_METRICS.map((m) => `metrics.${subset}.${m}['<class>']`));
    if (!CLASS_LABEL.test(path.key)) unknown('a class label is letters, digits, _ . or -', ["'<class>'"]);
    return { kind: 'metric', name: metricName(subset, metric, path.key), subset, metric, classLabel: path.key, column: null };
  }
  if ((CLASS_METRICS as readonly string[]).includes(metric)) unknown(`${metric} is a per-class metric: metrics.${subset}.${metric}['<class>']`, [`metrics.${subset}.${metric}['<class>']`]);
  if (!(SUBSET_METRICS as readonly string[]).includes(metric)) unknown(`metrics of a subset are ${SUBSET_METRICS.join(', ')}, and per class ${CLASS_METRICS.join(', ')}`, SUBSET_METRICS.map((m) => `metrics.${subset}.${m}`));
  const column = metric === 'accuracy' ? Prisma.raw(subset === 'test' ? 'r."test_accuracy"' : 'r."train_accuracy"') : null;
  return { kind: 'metric', name: metricName(subset, metric, ''), subset, metric, classLabel: '', column };
}

/** A row of run_metrics as the filter language names it: `metrics.test.macro_f1`, `metrics.test.recall['8']`. */
export function metricName(subset: string, metric: string, classLabel: string): string {
  return classLabel === '' ? `metrics.${subset}.${metric}` : `metrics.${subset}.${metric}['${classLabel}']`;
}

const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** The fields of `GET /runs`. */
export const RUN_FIELDS: FieldCatalogue = {
  resource: 'runs',
  columns: {
    id: column('id', 'uuid', 'r."id"'),
    status: column('status', 'enum', 'r."status"', { values: RUN_STATUSES, enumType: '"RunStatus"' }),
    dataset: column('dataset', 'string', 'r."dataset"'),
    model_type: column('model_type', 'string', 'r."model_type"'),
    sweep_id: column('sweep_id', 'uuid', 'r."sweep_id"'),
    project: column('project', 'string', 'r."project"'),
    name: column('name', 'string', 'r."name"'),
    created_at: column('created_at', 'time', 'r."created_at"'),
    started_at: column('started_at', 'time', 'r."started_at"'),
    finished_at: column('finished_at', 'time', 'r."finished_at"'),
    fit_seconds: column('fit_seconds', 'number', 'r."fit_seconds"'),
    predict_seconds: column('predict_seconds', 'number', 'r."predict_seconds"'),
    // The same expression as the index runs_duration_seconds_id_idx, so that the index serves it.
    duration_seconds: column('duration_seconds', 'number', '(EXTRACT(EPOCH FROM (r."finished_at" - r."started_at")))::double precision'),
    attempts: column('attempts', 'number', 'r."attempts"::double precision'),
    tensor_backend: column('tensor_backend', 'string', 'r."tensor_backend"'),
  },
  params: true,
  metrics: true,
  tags: Prisma.raw('r."tags"'),
};

/** The fields of `GET /sweeps`: a sweep's own columns and its tags. */
export const SWEEP_FIELDS: FieldCatalogue = {
  resource: 'sweeps',
  columns: {
    id: column('id', 'uuid', 'r."id"'),
    status: column('status', 'enum', 'r."status"', { values: ['queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled'], enumType: '"SweepStatus"' }),
    dataset: column('dataset', 'string', 'r."dataset"'),
    model_type: column('model_type', 'string', 'r."model_type"'),
    project: column('project', 'string', 'r."project"'),
    name: column('name', 'string', 'r."name"'),
    refit_run_id: column('refit_run_id', 'uuid', 'r."refit_run_id"'),
    created_at: column('created_at', 'time', 'r."created_at"'),
    started_at: column('started_at', 'time', 'r."started_at"'),
    finished_at: column('finished_at', 'time', 'r."finished_at"'),
    best_score: column('best_score', 'number', 'r."best_score"'),
    n_candidates: column('n_candidates', 'number', 'r."n_candidates"::double precision'),
    n_splits: column('n_splits', 'number', 'r."n_splits"::double precision'),
    total_trials: column('total_trials', 'number', 'r."total_trials"::double precision'),
  },
  params: false,
  metrics: false,
  tags: Prisma.raw('r."tags"'),
};

/** The fields of `GET /models`: an artifact's columns. */
export const MODEL_FIELDS: FieldCatalogue = {
  resource: 'models',
  columns: {
    id: column('id', 'uuid', 'r."id"'),
    run_id: column('run_id', 'uuid', 'r."run_id"'),
    model_type: column('model_type', 'string', 'r."model_type"'),
    dataset: column('dataset', 'string', 'r."dataset"'),
    project: column('project', 'string', 'r."project"'),
    created_at: column('created_at', 'time', 'r."created_at"'),
    test_accuracy: column('test_accuracy', 'number', 'r."test_accuracy"'),
    size_bytes: column('size_bytes', 'number', 'r."size_bytes"::double precision'),
    format_version: column('format_version', 'number', 'r."format_version"::double precision'),
  },
  params: false,
  metrics: false,
  tags: null,
};

/** The fields of `GET /sweeps/:id/trials`: a (candidate, fold)'s columns, its sampled params (`params.model__max_depth`) and its sweep's tags. */
export const TRIAL_FIELDS: FieldCatalogue = {
  resource: 'trials',
  columns: {
    id: column('id', 'uuid', 'r."id"'),
    // A trial's statuses are a run's.
    status: column('status', 'enum', 'r."status"', { values: RUN_STATUSES, enumType: '"TrialStatus"' }),
    candidate_index: column('candidate_index', 'number', 'r."candidate_index"::double precision'),
    fold: column('fold', 'number', 'r."fold"::double precision'),
    test_score: column('test_score', 'number', 'r."test_score"'),
    fit_seconds: column('fit_seconds', 'number', 'r."fit_seconds"'),
    score_seconds: column('score_seconds', 'number', 'r."score_seconds"'),
    attempts: column('attempts', 'number', 'r."attempts"::double precision'),
    enqueued_at: column('enqueued_at', 'time', 'r."enqueued_at"'),
    started_at: column('started_at', 'time', 'r."started_at"'),
    recorded_at: column('recorded_at', 'time', 'r."recorded_at"'),
    error: column('error', 'string', 'r."error"'),
  },
  params: true,
  metrics: false,
  // A trial has the tags of its sweep, whatever they are now.
  tags: Prisma.raw('(SELECT s."tags" FROM "sweeps" s WHERE s."id" = r."sweep_id")'),
};
