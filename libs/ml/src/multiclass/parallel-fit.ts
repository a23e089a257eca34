import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isClassifier, type AnyEstimator, type Classifier, type EstimatorFactory, type EstimatorSpec, type EstimatorState } from '../base/estimator';
import { DataError } from '../base/errors';
import { takeRows, type FeatureArray, type Labels, type Matrix } from '../base/matrix';
import { tensorBackendName, type TensorBackend } from '../tensor/backend';

/** One binary sub-problem of a multiclass decomposition. */
export interface BinaryProblem {
  /** The rows of X it trains on, ascending; null for all of them. */
  readonly rows: Int32Array | null;
  /** 0 or 1 for each training row: 1 is the positive class. */
  readonly y: Labels;
}

/** What every thread of one `fitBinaryProblems` call gets once, at start-up. */
export interface FitBinaryWorkerData {
  readonly spec: EstimatorSpec;
  /** The whole training matrix on a SharedArrayBuffer: every thread reads the same memory. */
  readonly X: Matrix;
  /** The caller's tensor backend, so that threads train as the caller would; null if it has none yet. */
  readonly tensorBackend: TensorBackend | null;
}

export interface FitBinaryTask {
  readonly index: number;
  readonly rows: Int32Array | null;
  readonly y: Labels;
}

/** An error crossing threads: structured clone would drop the class, which callers test for. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type FitBinaryResult =
  | { readonly index: number; readonly state: EstimatorState }
  | { readonly index: number; readonly error: SerializedError };

/** The compiled thread entry sits next to this module's compiled file (dist/multiclass/). */
export const FIT_BINARY_WORKER_PATH = join(__dirname, 'fit-binary.worker.js');

/**
 * joblib's `effective_n_jobs`: null is 1, -1 every core, -2 all but one, and so on; never more
 * threads than tasks.
 */
export function effectiveNJobs(nJobs: number | null, nTasks: number): number {
  const cores = availableParallelism();
  const requested = nJobs === null ? 1 : nJobs < 0 ? Math.max(1, cores + 1 + nJobs) : nJobs;
  return Math.max(1, Math.min(requested, nTasks));
}

export interface FittedBinaryProblems {
  /** In the order of the problems. */
  readonly estimators: Classifier[];
  /** Threads that fitted them (1: the calling thread). */
  readonly nJobs: number;
}

/**
 * Fits a fresh estimator from `spec` on each problem, as scikit-learn's `Parallel(n_jobs)` of
 * `_fit_binary` over clones. With one job the fits run one after another in this thread (or together,
 * for problems on all of X and an estimator that can: see FitsEachLabelling); with more,
 * each of `n_jobs` worker threads builds estimators through the registry, and hands back their
 * serialized state, which is restored here with `factory`.
 */
export async function fitBinaryProblems(
  spec: EstimatorSpec,
  X: Matrix,
  problems: readonly BinaryProblem[],
  nJobs: number | null,
  factory: EstimatorFactory,
): Promise<FittedBinaryProblems> {
  const threads = effectiveNJobs(nJobs, problems.length);
  const estimators = threads === 1 ? await fitInThisThread(spec, X, problems, factory) : await fitInWorkers(spec, X, problems, threads, factory);
  return { estimators, nJobs: threads };
}

/** The problem's rows of X: a copy for a subset (small, one at a time), X itself otherwise. */
export function problemMatrix(X: Matrix, rows: Int32Array | null): Matrix {
  return rows === null ? X : takeRows(X, rows);
}

/** Narrows a registry-built estimator; meta-estimators check their base is a classifier when created. */
export function asClassifier(estimator: AnyEstimator): Classifier {
  if (!isClassifier(estimator)) throw new TypeError(`${estimator.type} is not a classifier`);
  return estimator;
}

/**
 * A classifier that can fit clones of itself on several labellings of the same X together, faster
 * than one by one (LogisticRegression's lbfgs: one pass over X per evaluation for all of them);
 * null when it cannot for these labellings.
 */
interface FitsEachLabelling {
  fitEachLabelling(X: Matrix, ys: readonly Labels[]): Promise<Classifier[] | null>;
}

function fitsEachLabelling(estimator: Classifier): estimator is Classifier & FitsEachLabelling {
  return typeof (estimator as Partial<FitsEachLabelling>).fitEachLabelling === 'function';
}

async function fitInThisThread(spec: EstimatorSpec, X: Matrix, problems: readonly BinaryProblem[], factory: EstimatorFactory): Promise<Classifier[]> {
  // One-vs-rest: every problem on all of X.
  const template = asClassifier(factory.create(spec));
  if (problems.length > 1 && problems.every(({ rows }) => rows === null) && fitsEachLabelling(template)) {
    const together = await template.fitEachLabelling(X, problems.map(({ y }) => y));
    if (together) return together;
  }
  const estimators: Classifier[] = [];
  for (const { rows, y } of problems) {
    const estimator = asClassifier(factory.create(spec));
    estimators.push(await estimator.fit(problemMatrix(X, rows), y));
  }
  return estimators;
}

/**
 * A pool of `threads` workers pulling tasks in order. X is shared, not copied per task: each thread
 * gathers its own subset from the shared rows, so the parent never holds more than X (plus, when X
 * was not already shared, one shared copy of it) while the fits run.
 */
async function fitInWorkers(
  spec: EstimatorSpec,
  X: Matrix,
  problems: readonly BinaryProblem[],
  threads: number,
  factory: EstimatorFactory,
): Promise<Classifier[]> {
  if (!existsSync(FIT_BINARY_WORKER_PATH)) {
    // Running from TypeScript sources (ts-node, a bundler) rather than from the tsc output.
    throw new Error(`n_jobs=${threads} needs the compiled thread entry ${FIT_BINARY_WORKER_PATH}; build libs/ml, or use n_jobs=null`);
  }
  const workerData: FitBinaryWorkerData = { spec, X: shareMatrix(X), tensorBackend: tensorBackendName() ?? null };
  const estimators: Classifier[] = new Array(problems.length);
  let next = 0;
  const serve = (worker: Worker): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const sendNext = () => {
        if (next === problems.length) return resolve();
        const index = next++;
        const { rows, y } = problems[index];
        // Labels and row lists are copied (at most a few MB in all); only X is worth sharing.
        worker.postMessage({ index, rows, y } satisfies FitBinaryTask);
      };
      worker.on('message', (result: FitBinaryResult) => {
        if ('error' in result) return reject(reviveError(result.error));
        try {
          estimators[result.index] = asClassifier(factory.restore(result.state));
        } catch (error) {
          return reject(error);
        }
        sendNext();
      });
      worker.once('error', reject);
      // After a resolve this is a no-op: the pool terminates every worker at the end.
      worker.once('exit', (code) => reject(new Error(`a fit-binary worker thread exited (code ${code}) before its tasks were done`)));
      sendNext();
    });
  const workers = Array.from({ length: threads }, () => new Worker(FIT_BINARY_WORKER_PATH, { workerData }));
  try {
    await Promise.all(workers.map(serve));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return estimators;
}

/** X itself when it already lives on a SharedArrayBuffer (as the worker app's datasets do), else one shared copy. */
function shareMatrix(X: Matrix): Matrix {
  if (X.data.buffer instanceof SharedArrayBuffer) return X;
  const data = new (X.data.constructor as { new (buffer: SharedArrayBuffer): FeatureArray })(new SharedArrayBuffer(X.data.byteLength));
  data.set(X.data);
  return { data, rows: X.rows, cols: X.cols };
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the error classes callers distinguish (bad data); any other keeps its name and message. */
export function reviveError({ name, message, stack }: SerializedError): Error {
  const error = name === 'DataError' ? new DataError(message) : Object.assign(new Error(message), { name });
  if (stack !== undefined) error.stack = stack;
  return error;
}
