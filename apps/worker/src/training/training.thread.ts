import { runCvFold, runExperiment, type CvFoldInput, type CvFoldOutcome, type ExperimentInput, type ExperimentOutcome } from '@mnist-lab/ml';
import { setPriority } from 'node:os';

/**
 * Niceness of training threads. On Linux a nice value belongs to a thread (and the threads it
 * starts, such as a forest's tree builders): fits then yield the cores at once to the worker's
 * event loop, which hands out the next job and records results, so a busy machine does not delay
 * the queue. Elsewhere it lowers the whole process, which changes nothing between its threads.
 */
const TRAINING_NICENESS = 5;
try {
  setPriority(TRAINING_NICENESS);
} catch {
  // Not permitted here: the threads keep the process's priority.
}

/**
 * Piscina tasks: fitting runs off the worker's event loop, so BullMQ keeps renewing job locks
 * during fits of any length. Datasets arrive as SharedArrayBuffer views, not copies.
 */
export function experiment(input: ExperimentInput): Promise<ExperimentOutcome> {
  return runExperiment(input);
}

/** `finishedAt` (epoch ms) marks the end of the work in this thread, for measuring the queue's overhead. */
export async function cvFold(input: CvFoldInput): Promise<CvFoldOutcome & { finishedAt: number }> {
  return { ...(await runCvFold(input)), finishedAt: Date.now() };
}
