import type { components, operations } from './schema';

/*
 * The JSON API's shapes (snake_case, as the api sends them). What the api's OpenAPI document
 * describes comes from schema.d.ts, generated from it (tools/openapi-types.mjs); the responses it
 * documents only in words are written out below until their controllers publish schemas.
 */

type Schemas = components['schemas'];
type QueryOf<Operation extends keyof operations> = NonNullable<operations[Operation]['parameters']['query']>;

export type ListRunsQuery = QueryOf<'RunsController_list'>;
export type ListSweepsQuery = QueryOf<'SweepsController_list'>;
export type ListModelsQuery = QueryOf<'ModelsController_list'>;

export type RunStatus = NonNullable<ListRunsQuery['status']>;
export type SweepStatus = NonNullable<ListSweepsQuery['status']>;
/** A trial is never refitting; otherwise it moves as a run does. */
export type TrialStatus = RunStatus;

/** One entry of GET /datasets (built-in and uploaded datasets); the dashboard reads only the names. */
export interface DatasetEntry {
  name: string;
}

/** GET /estimators: every estimator a spec may name, with its parameter table. */
export type EstimatorInfo = Schemas['EstimatorDto'];
export type EstimatorParam = Schemas['EstimatorParamDto'];
export type ParamConstraint = Schemas['ParamConstraintDto'];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface RunSummary {
  id: string;
  status: RunStatus;
  dataset: string;
  model_type: string;
  sweep_id: string | null;
  test_accuracy: number | null;
  train_accuracy: number | null;
  tensor_backend: string | null;
  created_at: string;
  finished_at: string | null;
  duration_seconds: number | null;
  error: string | null;
  /** The final estimator's parameters; not every api version lists them. */
  params?: { [name: string]: Json };
}

export interface EstimatorSpec {
  type: string;
  params: { [name: string]: Json };
}

export interface RunSpec {
  dataset: string;
  n_samples: number | null;
  split: { test_size: number; random_state: number | null; stratify: boolean };
  estimator: EstimatorSpec;
}

export interface LabelledMatrix {
  labels: number[];
  matrix: number[][];
}

export interface ClassificationReportRow {
  precision: number;
  recall: number;
  'f1-score': number;
  support: number;
}

/** Per-class rows keyed by label, then "accuracy" (a number), "macro avg" and "weighted avg". */
export type ClassificationReport = Record<string, ClassificationReportRow | number>;

export interface MisclassifiedSample {
  index: number;
  true_label: number;
  predicted_label: number;
  probabilities: number[] | null;
}

export interface SubsetMetrics {
  accuracy: number;
  n_samples: number;
  confusion_matrix: LabelledMatrix;
  classification_report: ClassificationReport;
  classification_report_text: string;
  most_confused_pairs: { true_label: number; predicted_label: number; count: number }[];
  misclassified?: { total: number; shown: number; samples: MisclassifiedSample[] };
}

export interface Run {
  id: string;
  status: RunStatus;
  dataset: string;
  model_type: string;
  sweep_id: string | null;
  spec: RunSpec;
  tensor_backend: string | null;
  seeds: { split_random_state: number | null; estimator_random_state: number | null };
  timings: {
    queued_at: string;
    started_at: string | null;
    finished_at: string | null;
    fit_seconds: number | null;
    predict_seconds: number | null;
  };
  attempts: number;
  worker_id: string | null;
  error: string | null;
  metrics: { test: SubsetMetrics; train: SubsetMetrics } | null;
  model: { id: string; size_bytes: number; sha256: string } | null;
}

export interface SweepSummary {
  id: string;
  status: SweepStatus;
  dataset: string;
  model_type: string;
  n_candidates: number;
  n_splits: number;
  total_trials: number;
  done_trials: number;
  failed_trials: number;
  best_score: number | null;
  best_params: { [name: string]: Json } | null;
  created_at: string;
  finished_at: string | null;
  refit_run_id: string | null;
}

export interface SweepCandidate {
  index: number;
  params: { [name: string]: Json };
  status: TrialStatus;
  fold_scores: (number | null)[];
  mean_test_score: number | null;
  std_test_score: number | null;
  rank_test_score: number | null;
}

export interface SweepTrial {
  candidate: number;
  fold: number;
  status: TrialStatus;
  test_score: number | null;
  fit_seconds: number | null;
  worker_id: string | null;
  error: string | null;
}

export interface Sweep {
  id: string;
  status: SweepStatus;
  dataset: string;
  model_type: string;
  spec: { n_iter: number; cv: number; scoring: string; param_distributions: Json; estimator: EstimatorSpec };
  progress: { done: number; total: number; failed: number; running: number; queued: number; cancelled: number };
  eta_seconds: number | null;
  candidates: SweepCandidate[];
  best: { index: number; params: { [name: string]: Json }; score: number } | null;
  refit_run: { id: string; status: RunStatus; test_accuracy: number | null; train_accuracy: number | null } | null;
  trials: SweepTrial[];
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
}

export interface ModelSummary {
  id: string;
  run_id: string;
  model_type: string;
  dataset: string;
  test_accuracy: number | null;
  size_bytes: number;
  sha256: string;
  created_at: string;
}

export interface Prediction {
  label: number;
  probabilities: Record<string, number>;
}

/** GET /workers: the live worker processes, queue depths and throughput. */
export type WorkersOverview = Schemas['WorkersOverviewDto'];
export type WorkerProcess = Schemas['WorkerProcessDto'];
export type QueueName = keyof WorkersOverview['queues'];
export type QueueState = keyof Schemas['QueueDepthsDto'];

export interface Accepted {
  id: string;
  status: 'queued';
}
