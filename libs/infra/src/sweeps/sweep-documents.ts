import { validateSweepRequest, type SweepRequest } from '@mnist-lab/contracts';
import type { CvResults, HalvingSchedule, Params } from '@mnist-lab/ml';
import { z } from 'zod';
import type { Sweep, SweepTrial } from '../generated/prisma/client';
import { tagsCodec } from '../runs/run-documents';
import { decodeRow, zodCodec, type DecodedRow, type DocumentCodec, type StoredTable } from '../documents/stored-document';

export const SWEEPS: StoredTable = { name: 'sweeps', version: 1 };
export const SWEEP_TRIALS: StoredTable = { name: 'sweep_trials', version: 1 };

/** A stored spec is checked as a submitted one is (the candidates it samples again are not used: the stored ones are). */
const spec: DocumentCodec<SweepRequest> = { upgrades: {}, decode: (document) => validateSweepRequest(document).request };

const paramsSchema: z.ZodType<Params> = z.record(z.string(), z.json());
/** A missing score (a failed fold, no fold yet) is NaN, which JSON stores as null. */
const scores = z.array(z.number().nullable());

const cvResultsSchema: z.ZodType<CvResults> = z
  .object({
    params: z.array(paramsSchema),
    mean_test_score: scores,
    std_test_score: scores,
    rank_test_score: z.array(z.number()),
    mean_fit_time: scores,
    std_fit_time: scores,
    mean_score_time: scores,
    std_score_time: scores,
    n_splits_reported: z.array(z.number()),
    complete: z.boolean(),
    best_index: z.number().nullable(),
    best_params: paramsSchema.nullable(),
    best_score: z.number().nullable(),
    // A halving search's rows: the iteration each belongs to and its resources.
    iter: z.array(z.number()).optional(),
    n_resources: z.array(z.number()).optional(),
  })
  // split0_test_score, split1_test_score, ...
  .catchall(scores);

/** A halving search's schedule, and the seed of its n_samples subsamples (its random_state, or one drawn at submission for null). */
export type StoredHalving = HalvingSchedule & { readonly subsample_seed: number };
const counts = z.array(z.number().int());
const halvingSchema: z.ZodType<StoredHalving> = z.object({
  factor: z.number(),
  resource: z.string(),
  min_resources_: z.number(),
  max_resources_: z.number(),
  n_resources_: counts,
  n_candidates_: counts,
  n_iterations_: z.number().int(),
  n_required_iterations_: z.number().int(),
  n_possible_iterations_: z.number().int(),
  n_remaining_candidates_: z.number().int(),
  subsample_seed: z.number().int(),
});

const SWEEP_COLUMNS = {
  spec,
  /** The sampled parameter settings, in cv_results_ order. */
  candidates: zodCodec(z.array(paramsSchema)),
  cvResults: zodCodec(cvResultsSchema.nullable()),
  bestParams: zodCodec(paramsSchema.nullable()),
  tags: tagsCodec,
  halving: zodCodec(halvingSchema.nullable()),
};
/** A fold's score by each scorer; null where a scorer failed. */
const scorerScores = z.record(z.string(), z.number().nullable());
/** `sweep_trials.scores`: every scorer's validation scores, and training scores when the sweep returns them. */
export const trialScoresSchema = z.object({ test: scorerScores, train: scorerScores.nullable() });
export type TrialScores = z.output<typeof trialScoresSchema>;

const TRIAL_COLUMNS = { params: zodCodec(paramsSchema), scores: zodCodec(trialScoresSchema.nullable()) };

export type StoredSweep = DecodedRow<Sweep, typeof SWEEP_COLUMNS>;
export type StoredTrial = DecodedRow<SweepTrial, typeof TRIAL_COLUMNS>;

export const decodeSweep = (row: Sweep): Promise<StoredSweep> => decodeRow(SWEEPS, row, SWEEP_COLUMNS);
export const decodeTrial = (row: SweepTrial): Promise<StoredTrial> => decodeRow(SWEEP_TRIALS, row, TRIAL_COLUMNS);
