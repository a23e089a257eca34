import { validateRunRequest, type RunRequest } from '@mnist-lab/contracts';
import { z } from 'zod';
import type { Run, RunResult } from '../generated/prisma/client';
import { decodeRow, zodCodec, type DecodedRow, type DocumentCodec, type StoredTable } from '../documents/stored-document';

export const RUNS: StoredTable = { name: 'runs', version: 1 };
export const RUN_RESULTS: StoredTable = { name: 'run_results', version: 1 };

/** A stored spec is checked as a submitted one is: the same validator, defaults filled in. */
const spec: DocumentCodec<RunRequest> = { upgrades: {}, decode: validateRunRequest };

/** What the estimator reported about its fit (iterations, trees fitted): free-form JSON, null before it finished. */
const fitInfo = zodCodec(z.json().nullable());

/** How far a running run is, as its worker last wrote it (null before the first report). */
const runProgress = z
  .object({
    stage: z.enum(['load', 'fit', 'evaluate', 'save']),
    /** What done and total count (`trees`, `iterations`), null outside the fit or for an estimator that reports nothing. */
    unit: z.string().nullable(),
    done: z.number().nullable(),
    total: z.number().nullable(),
    loss: z.number().nullable(),
    /** When the stage started (ISO 8601), and when this report was made. */
    stage_started_at: z.string(),
    updated_at: z.string(),
  })
  .nullable();

const confusionMatrix = z.object({ labels: z.array(z.number()), matrix: z.array(z.array(z.number())) });

/** The notebook's evaluation views of one subset, as libs/ml's evaluateClassifier writes them. */
const evaluationViews = z.object({
  confusion_matrix: confusionMatrix,
  confusion_matrix_normalized: z.object({ true: confusionMatrix, pred: confusionMatrix, all: confusionMatrix }),
  errors_only_confusion_matrix: confusionMatrix,
  multilabel_confusion_matrix: z.object({ labels: z.array(z.number()), matrices: z.array(z.array(z.array(z.number()))) }),
  classification_report: z.record(z.string(), z.json()),
  classification_report_text: z.string(),
  most_confused_pairs: z.array(z.object({ true_label: z.number(), predicted_label: z.number(), count: z.number() })),
  misclassified: z
    .object({
      total: z.number(),
      shown: z.number(),
      samples: z.array(
        z.object({ index: z.number(), true_label: z.number(), predicted_label: z.number(), probabilities: z.array(z.number()).nullable() }),
      ),
    })
    .optional(),
});
/** A run's or sweep's tags, string -> string (libs/contracts' validateMetadata checks what is written). */
export const tagsCodec = zodCodec(z.record(z.string(), z.string()));
const RUN_COLUMNS = { spec, fitInfo, progress: zodCodec(runProgress), tags: tagsCodec };
const RUN_RESULT_COLUMNS = { metrics: zodCodec(evaluationViews) };

export type EvaluationViews = z.output<typeof evaluationViews>;
export type RunProgress = NonNullable<z.output<typeof runProgress>>;
export type StoredRun = DecodedRow<Run, typeof RUN_COLUMNS>;
export type StoredRunResult = DecodedRow<RunResult, typeof RUN_RESULT_COLUMNS>;

export const decodeRun = (row: Run): Promise<StoredRun> => decodeRow(RUNS, row, RUN_COLUMNS);
export const decodeRunResult = (row: RunResult): Promise<StoredRunResult> => decodeRow(RUN_RESULTS, row, RUN_RESULT_COLUMNS);
