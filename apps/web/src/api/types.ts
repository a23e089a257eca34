import type { components, operations } from './schema';

/*
 * The JSON API's shapes (snake_case, as the api sends them), from schema.d.ts: generated from the
 * api's OpenAPI document (npm run openapi:types). Where the document leaves a field free-form
 * (a run's spec and metrics, a sweep's candidates and trials), the shape is written out here and
 * replaces that field.
 */

type Schemas = components['schemas'];
type QueryOf<Operation extends keyof operations> = NonNullable<operations[Operation]['parameters']['query']>;
/** The JSON body an operation answers with `status`. */
type BodyOf<Operation extends keyof operations, Status extends number = 200> =
  operations[Operation]['responses'] extends { [S in Status]: { content: { 'application/json': infer Body } } } ? Body : never;
/** A generated shape with some of its free-form fields given their real shape. */
type Refined<Generated, Fields> = Omit<Generated, keyof Fields> & Fields;

/** GET /auth/whoami: the key the dashboard signed in with; `global_admin` (ADMIN_API_KEY or a global key) is admin in every project. */
export type WhoAmI = BodyOf<'AuthController_whoami'>;
export type Role = WhoAmI['roles'][string];
/** GET /projects (one page of them): the projects the caller can see, with its role in each. */
export type ProjectList = BodyOf<'ProjectsController_list'>;
export type Project = ProjectList['items'][number];
/** The key that submitted a run or sweep, or uploaded or produced a model; null for rows older than API keys. */
export type CreatedBy = NonNullable<RunSummary['created_by']>;

export type ListRunsQuery = QueryOf<'RunsController_list'>;
export type ListSweepsQuery = QueryOf<'SweepsController_list'>;
export type ListModelsQuery = QueryOf<'ModelsController_list'>;

export type RunStatus = NonNullable<ListRunsQuery['status']>;
export type SweepStatus = NonNullable<ListSweepsQuery['status']>;
/** A trial is never refitting; otherwise it moves as a run does. */
export type TrialStatus = RunStatus;

/** GET /estimators: every estimator a spec may name, with its parameter table. */
export type EstimatorInfo = Schemas['EstimatorDto'];
export type EstimatorParam = Schemas['EstimatorParamDto'];
export type ParamConstraint = Schemas['ParamConstraintDto'];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [name: string]: Json };

/** One page of a list: `next_cursor` is the `cursor` of the next page, null on the last. */
export type Page<T> = Refined<BodyOf<'RunsController_list'>, { items: T[] }>;

export type RunSummary = Refined<BodyOf<'RunsController_list'>['items'][number], { params?: JsonObject }>;

/** A run; `spec` is the request as validated, `metrics` its evaluation once it succeeded. */
export type Run = Refined<BodyOf<'RunsController_get'>, { spec: RunSpec; metrics: { test: SubsetMetrics; train: SubsetMetrics } | null }>;

export type SweepSummary = Refined<BodyOf<'SweepsController_list'>['items'][number], { best_params: JsonObject | null }>;

export type Sweep = Refined<
  BodyOf<'SweepsController_get'>,
  {
    spec: { n_iter: number; cv: number; scoring: string; param_distributions: Json; estimator: EstimatorSpec };
    progress: { done: number; total: number; failed: number; running: number; queued: number; cancelled: number };
    candidates: SweepCandidate[];
    best: { index: number; params: JsonObject; score: number } | null;
    refit_run: { id: string; status: RunStatus; test_accuracy: number | null; train_accuracy: number | null } | null;
    trials: SweepTrial[];
  }
>;

export type ModelSummary = BodyOf<'ModelsController_list'>['items'][number];
export type DatasetEntry = BodyOf<'DatasetsController_list'>[number];
export type Accepted = BodyOf<'RunsController_submit', 202>;

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

/** A running run's progress, as its worker last reported it (null once the run finished). */
export type RunProgress = NonNullable<Run['progress']>;

export interface SweepCandidate {
  index: number;
  params: { [name: string]: Json };
  status: TrialStatus;
  fold_scores: (number | null)[];
  mean_test_score: number | null;
  std_test_score: number | null;
  rank_test_score: number | null;
  /** The mean validation score by each of the sweep's scorers, the refit one (mean_test_score's) first. */
  mean_test_scores?: Record<string, number | null>;
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

export interface Prediction {
  label: number;
  probabilities: Record<string, number>;
}

/** GET /workers: the live worker processes, queue depths and throughput. */
export type WorkersOverview = Schemas['WorkersOverviewDto'];
export type WorkerProcess = Schemas['WorkerProcessDto'];
export type QueueName = keyof WorkersOverview['queues'];
export type QueueState = keyof Schemas['QueueDepthsDto'];

