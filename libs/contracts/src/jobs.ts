import { InvalidParameterError } from '@mnist-lab/ml/spec';

/**
 * The queue contract shared by producer (api) and processors (worker). Payloads carry ids only:
 * Postgres holds the specs, so a job lost with Redis can be rebuilt from the database.
 */
export const QUEUES = {
  runs: 'runs',
  /** One job per (candidate, fold): the bulk of a sweep's work, shared by every worker. */
  trials: 'trials',
  /** Aggregating a sweep whose trials are all done; kept apart so it never waits behind trials. */
  sweeps: 'sweeps',
} as const;

export const JOBS = {
  trainRun: 'train-run',
  runTrial: 'run-trial',
  finalizeSweep: 'finalize-sweep',
} as const;

export interface TrainRunJob {
  readonly runId: string;
}

export interface RunTrialJob {
  readonly sweepId: string;
  readonly candidate: number;
  readonly fold: number;
}

export interface FinalizeSweepJob {
  readonly sweepId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Job payloads come from Redis, i.e. from outside: check them like any other input. */
export function parseTrainRunJob(data: unknown): TrainRunJob {
  return { runId: uuidField(data, 'runId') };
}

export function parseRunTrialJob(data: unknown): RunTrialJob {
  return { sweepId: uuidField(data, 'sweepId'), candidate: indexField(data, 'candidate'), fold: indexField(data, 'fold') };
}

export function parseFinalizeSweepJob(data: unknown): FinalizeSweepJob {
  return { sweepId: uuidField(data, 'sweepId') };
}

function uuidField(data: unknown, name: string): string {
  const value = (data as Record<string, unknown> | null)?.[name];
  if (!isUuid(value)) throw new InvalidParameterError(`job.data.${name}`, `must be a UUID; got ${JSON.stringify(value)}`);
  return value;
}

function indexField(data: unknown, name: string): number {
  const value = (data as Record<string, unknown> | null)?.[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidParameterError(`job.data.${name}`, `must be a non-negative integer; got ${JSON.stringify(value)}`);
  }
  return value;
}
