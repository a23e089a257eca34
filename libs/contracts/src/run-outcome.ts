import type { JsonValue } from '@mnist-lab/ml/spec';

/** A run's evaluation on one subset: accuracy for SQL, the rest (confusion matrix, report) as JSON. */
export interface SubsetEvaluation {
  readonly accuracy: number;
  readonly n_samples: number;
  readonly metrics: { readonly [key: string]: JsonValue };
}

export interface SavedArtifact {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly sha256: string;
  readonly formatVersion: number;
  readonly header: { readonly [key: string]: JsonValue };
}

/** What a training thread hands back to the worker, which records it in one transaction. */
export interface RunOutcome {
  readonly tensorBackend: string | null;
  /** Reading the dataset and splitting it. */
  readonly loadSeconds: number;
  readonly fitSeconds: number;
  readonly predictSeconds: number;
  /** Predicting both subsets and evaluating them (predictSeconds included). */
  readonly evaluateSeconds: number;
  /** Encoding the artifact; the worker adds the time it takes to write it. */
  readonly serializeSeconds: number;
  readonly fitInfo: JsonValue;
  readonly evaluation: { readonly test: SubsetEvaluation; readonly train: SubsetEvaluation };
  readonly artifact: SavedArtifact;
}
