import type { CvFoldInput, CvFoldOutcome, ExperimentInput, ExperimentOutcome } from '@mnist-lab/ml';

/**
 * What the worker and its fit process say to each other over IPC (structured clone, so typed
 * arrays cross as they are). Datasets do not cross: the fit process reads its own copy once.
 */
export type FitTask =
  | { readonly kind: 'experiment'; readonly input: Omit<ExperimentInput, 'dataset'> }
  | { readonly kind: 'cvFold'; readonly input: Omit<CvFoldInput, 'dataset' | 'datasetKey'> & { readonly datasetName: string } };

export interface FitOutcomes {
  experiment: ExperimentOutcome;
  /** `finishedAt` (epoch ms) marks the end of the work in the fit process, for measuring the queue's overhead. */
  cvFold: CvFoldOutcome & { finishedAt: number };
}

export type FitReply =
  | { readonly ok: true; readonly outcome: FitOutcomes[FitTask['kind']] }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string } };
