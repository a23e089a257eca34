import { InvalidParameterError } from '@mnist-lab/ml';

/**
 * The queue contract shared by producer (api) and processors (worker). Payloads carry ids only:
 * Postgres holds the specs, so a job lost with Redis can be rebuilt from the database.
 */
export const QUEUES = {
  runs: 'runs',
} as const;

export const JOBS = {
  trainRun: 'train-run',
} as const;

export interface TrainRunJob {
  readonly runId: string;
}

export interface JobPayloads {
  [JOBS.trainRun]: TrainRunJob;
}

export type JobName = keyof JobPayloads;

/** One BullMQ job per run: adding the same run twice is a no-op. */
export const runJobId = (runId: string): string => `run-${runId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Job payloads come from Redis, i.e. from outside: check them like any other input. */
export function parseTrainRunJob(data: unknown): TrainRunJob {
  const runId = (data as { runId?: unknown } | null)?.runId;
  if (!isUuid(runId)) throw new InvalidParameterError('job.data.runId', `must be a UUID; got ${JSON.stringify(runId)}`);
  return { runId };
}
