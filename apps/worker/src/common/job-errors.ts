import { InvalidParameterError } from '@mnist-lab/ml';
import { UnrecoverableError } from 'bullmq';
import { workerOptions } from '@mnist-lab/infra';

/** Identifies this process in the rows it claims (trials, runs). */
export const WORKER_ID = workerOptions().name;

/** A malformed payload will never parse: retrying it is pointless. */
export function parseJobData<T>(parse: (data: unknown) => T, data: unknown): T {
  try {
    return parse(data);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** BullMQ emits `failed` after every attempt; only the last one is final. */
export const isFinalAttempt = (job: { attemptsMade: number; opts: { attempts?: number } }, error: Error): boolean =>
  error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
