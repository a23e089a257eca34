import { runExperiment, type ExperimentInput, type ExperimentOutcome } from '@mnist-lab/ml';

/**
 * Piscina task: fits and evaluates one run off the worker's event loop, so BullMQ keeps renewing
 * the job's lock during fits of any length. The dataset arrives as SharedArrayBuffer views.
 */
export default async function train(input: ExperimentInput): Promise<ExperimentOutcome> {
  return runExperiment(input);
}
