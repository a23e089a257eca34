import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PrismaService } from '../prisma/prisma.service';
import { validateSweepRequest } from '@mnist-lab/contracts';
import { connectRepositories, createTestDatabase, type TestDatabase } from '../testing/test-database';
import { sweepCvResults } from './cv-results';
import { nextHalvingIteration, trialSubsample } from './halving';
import type { SweepsRepository, TrialKey } from './sweeps.repository';

/** HalvingGridSearchCV over four values of C, factor 2, two folds of the 750-sample training part. */
const SWEEP = validateSweepRequest({
  search: 'halving_grid',
  dataset: 'mnist_784',
  n_samples: 1000,
  estimator: { type: 'logistic_regression' },
  param_grid: { C: [0.01, 0.1, 1, 10] },
  factor: 2,
  cv: 2,
  random_state: 0,
});

describe("a halving search's iterations in Postgres", () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let sweeps: SweepsRepository;

  before(async () => {
    database = await createTestDatabase('halving');
    ({ prisma, sweeps } = await connectRepositories(database.url));
  });

  after(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  const record = async (key: TrialKey, score: number) => {
    assert.ok(await sweeps.claimTrial(key, 'test-worker', { enqueuedAt: new Date(), startedAt: new Date() }));
    return sweeps.recordTrial(key, { testScore: score, scores: { test: { accuracy: score }, train: null }, fitSeconds: 1, scoreSeconds: 0.1, error: null, computedAt: new Date() });
  };

  it('stores the first iteration, then adds the next one once, however many finalisations ask at once', async () => {
    const halving = SWEEP.halving;
    assert.ok(halving, 'the request is a halving search');
    // min_resources "exhaust": 750 // 2 ** 2 samples, doubling.
    assert.deepEqual([halving.n_candidates_, halving.n_resources_], [[4, 2, 1], [187, 374, 748]]);
    const sweep = await sweeps.create(SWEEP.request, SWEEP.candidates.map((candidate) => candidate.params), undefined, undefined, undefined, halving);
    assert.deepEqual([sweep.nCandidates, sweep.totalTrials, await prisma.sweepTrial.count({ where: { sweepId: sweep.id } })], [7, 14, 8]);
    const key = (candidate: number, fold: number) => ({ sweepId: sweep.id, candidate, fold });

    // Candidates 2 and 0 score best, in that order; the last record ends the round of 8 trial rows.
    const scores = [0.8, 0.5, 0.9, 0.6];
    const outcomes = [];
    for (const [candidate, score] of scores.entries()) for (const fold of [0, 1]) outcomes.push(await record(key(candidate, fold), score));
    assert.deepEqual(outcomes.map(({ sweepDone }) => sweepDone), [false, false, false, false, false, false, false, true]);
    assert.equal(outcomes[7].round, 8);

    const stored = await sweeps.findSweep(sweep.id);
    assert.ok(stored?.halving);
    assert.equal(stored.halving.subsample_seed, 0, "random_state 0 seeds every iteration's subsamples");
    assert.deepEqual(trialSubsample(stored, 3), { nResources: 187, randomState: 0 });
    const { results } = sweepCvResults(stored, await sweeps.finishedTrials(sweep.id));
    assert.deepEqual(results.iter, [0, 0, 0, 0]);
    const next = nextHalvingIteration(stored, results);
    // _top_k: the two best, worst of them first.
    assert.deepEqual(next, { start: 4, params: [{ C: 0.01 }, { C: 1 }] });

    const [first, second] = await Promise.all([sweeps.advanceHalving(sweep.id, next.start, next.params), sweeps.advanceHalving(sweep.id, next.start, next.params)]);
    const expected = [key(4, 0), key(4, 1), key(5, 0), key(5, 1)];
    assert.deepEqual([first, second], [expected, expected], 'both enqueue the same trials, whose job ids make that once');
    const advanced = await sweeps.findSweep(sweep.id);
    assert.deepEqual(advanced?.candidates, [{ C: 0.01 }, { C: 0.1 }, { C: 1 }, { C: 10 }, { C: 0.01 }, { C: 1 }]);
    assert.equal(await prisma.sweepTrial.count({ where: { sweepId: sweep.id } }), 12);
    assert.deepEqual(advanced && trialSubsample(advanced, 5), { nResources: 374, randomState: 0 });

    // Cancelled in iteration 1, resumed: only its 4 trials run again, and the iteration is not added twice.
    assert.equal((await sweeps.cancel(sweep.id)).cancelled, true);
    assert.equal(await sweeps.advanceHalving(sweep.id, next.start, next.params), null, 'a cancelled sweep does not advance');
    const resumed = await sweeps.resume(sweep.id);
    assert.deepEqual(resumed && { ...resumed, trials: [...resumed.trials].sort((a, b) => a.candidate - b.candidate || a.fold - b.fold) }, { resumed: true, status: 'queued', trials: expected, round: 12 });
    assert.deepEqual(await sweeps.resume(sweep.id), { resumed: false, status: 'queued', trials: [], round: 0 }, 'a queued sweep is not resumed again');
    assert.equal(await prisma.sweepTrial.count({ where: { sweepId: sweep.id, status: 'succeeded' } }), 8, 'recorded trials are kept');
  });
});
