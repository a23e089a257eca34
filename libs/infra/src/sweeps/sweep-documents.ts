import { validateSweepRequest, type SweepRequest } from '@mnist-lab/contracts';
import type { CvResults, Params } from '@mnist-lab/ml';
import { z } from 'zod';
import type { Sweep, SweepTrial } from '../generated/prisma/client';
import { decodeStored, zodCodec, type DocumentCodec, type StoredTable } from '../documents/stored-document';

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
  })
  // split0_test_score, split1_test_score, ...
  .catchall(scores);

const candidates = zodCodec(z.array(paramsSchema));
const cvResults = zodCodec(cvResultsSchema.nullable());
const bestParams = zodCodec(paramsSchema.nullable());
const trialParams = zodCodec(paramsSchema);

export type StoredSweep = Omit<Sweep, 'spec' | 'candidates' | 'cvResults' | 'bestParams'> & {
  readonly spec: SweepRequest;
  /** The sampled parameter settings, in cv_results_ order. */
  readonly candidates: Params[];
  readonly cvResults: CvResults | null;
  readonly bestParams: Params | null;
};
export type StoredTrial = Omit<SweepTrial, 'params'> & { readonly params: Params };

export async function decodeSweep(row: Sweep): Promise<StoredSweep> {
  return {
    ...row,
    spec: await decodeStored(SWEEPS, 'spec', spec, row, row.spec),
    candidates: await decodeStored(SWEEPS, 'candidates', candidates, row, row.candidates),
    cvResults: await decodeStored(SWEEPS, 'cv_results', cvResults, row, row.cvResults),
    bestParams: await decodeStored(SWEEPS, 'best_params', bestParams, row, row.bestParams),
  };
}

export async function decodeTrial(row: SweepTrial): Promise<StoredTrial> {
  return { ...row, params: await decodeStored(SWEEP_TRIALS, 'params', trialParams, row, row.params) };
}
