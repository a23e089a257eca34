import type { DatasetCacheEvent } from '@mnist-lab/infra';
import type { CvFoldInput, CvFoldOutcome, ExperimentInput, ExperimentOutcome, ExperimentProgress } from '@mnist-lab/ml';

/**
 * What the worker and its fit process say to each other over IPC (structured clone, so typed
 * arrays cross as they are). Datasets do not cross: the fit process reads its own copy once.
 */
export type FitTask =
  | { readonly kind: 'experiment'; readonly input: Omit<ExperimentInput, 'dataset' | 'onProgress'> }
  | { readonly kind: 'cvFold'; readonly input: Omit<CvFoldInput, 'dataset' | 'datasetKey'> & { readonly datasetName: string } };

export interface FitOutcomes {
  experiment: ExperimentOutcome;
  /** `finishedAt` (epoch ms) marks the end of the work in the fit process, for measuring the queue's overhead. */
  cvFold: CvFoldOutcome & { finishedAt: number };
}

export type FitReply =
  | { readonly ok: true; readonly outcome: FitOutcomes[FitTask['kind']] }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

/** What the fit process sends while it works (an experiment's progress), before its one reply. */
export interface FitProgressMessage {
  readonly progress: ExperimentProgress;
}

/**
 * What a fit process reports besides its replies: once, at start, the backends its fits use (the
 * worker publishes them as its own in GET /workers); and how the disk cache served each dataset load.
 */
export type FitEvent =
  | { readonly event: 'started'; readonly tensorBackend: string | null; readonly nativeKernels: boolean; readonly error: string | null }
  | { readonly event: 'datasetCache'; readonly cache: DatasetCacheEvent };

export type FitMessage = FitReply | FitProgressMessage | FitEvent;

export const isFitEvent = (message: FitMessage): message is FitEvent => 'event' in message;
