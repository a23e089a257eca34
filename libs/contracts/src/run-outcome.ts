import type { ExperimentOutcome } from '@mnist-lab/ml';

/**
 * What a training thread hands back to the worker, which records it in one transaction: libs/ml's
 * ExperimentOutcome, with reading the dataset added to loadSeconds (the fit process does); the
 * recorded save time adds writing the artifact to serializeSeconds. The tensor backend may be
 * unknown (null).
 */
export interface RunOutcome extends Omit<ExperimentOutcome, 'tensorBackend'> {
  readonly tensorBackend: string | null;
}
