import { runCvFold, runExperiment, type CvFoldInput, type CvFoldOutcome, type ExperimentInput, type ExperimentOutcome } from '@mnist-lab/ml';

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
