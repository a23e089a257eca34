import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvalidStoredDataError } from '@mnist-lab/contracts';
import type { PrismaService } from '../prisma/prisma.service';
import { connectRepositories, createTestDatabase, smallSweep, type TestDatabase } from '../testing/test-database';
import { sweepCvResults } from './cv-results';
import type { SweepsRepository, TrialKey } from './sweeps.repository';

/** Two candidates x two folds, scored by two scorers with train scores, refit by f1_macro. */
const SWEEP = smallSweep({ scoring: ['accuracy', 'f1_macro'], refit: 'f1_macro', return_train_score: true });

describe("a multi-metric sweep's stored trial scores", () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let sweeps: SweepsRepository;

  before(async () => {
    database = await createTestDatabase('cv_results');
    ({ prisma, sweeps } = await connectRepositories(database.url));
  });

  after(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  const record = async (key: TrialKey, scores: { accuracy: number; f1_macro: number } | null) => {
    assert.ok(await sweeps.claimTrial(key, 'test-worker', { enqueuedAt: new Date(), startedAt: new Date() }));
    await sweeps.recordTrial(key, {
      testScore: scores?.f1_macro ?? null,
      scores: scores && { test: scores, train: { accuracy: 1, f1_macro: 0.99 } },
      fitSeconds: 1,
      scoreSeconds: 0.1,
      error: scores ? null : 'boom',
      computedAt: new Date(),
    });
  };

  it('gives cv_results_ columns per scorer and the refit scorer\'s best, from what the trials stored', async () => {
    const sweep = await sweeps.create(SWEEP.request, SWEEP.candidates.map((candidate) => candidate.params));
    const key = (candidate: number, fold: number) => ({ sweepId: sweep.id, candidate, fold });
    // Candidate 0 is more accurate, candidate 1 has the better F1: refit picks candidate 1.
    await record(key(0, 0), { accuracy: 0.9, f1_macro: 0.5 });
    await record(key(0, 1), { accuracy: 0.8, f1_macro: 0.6 });
    await record(key(1, 0), { accuracy: 0.7, f1_macro: 0.8 });
    await record(key(1, 1), { accuracy: 0.6, f1_macro: 0.9 });
    const stored = await sweeps.findSweep(sweep.id);
    assert.ok(stored);
    const trials = await sweeps.finishedTrials(sweep.id);
    assert.deepEqual(trials.find((trial) => trial.candidateIndex === 1 && trial.fold === 1)?.scores, {
      test: { accuracy: 0.6, f1_macro: 0.9 },
      train: { accuracy: 1, f1_macro: 0.99 },
    });
    const { results } = sweepCvResults(stored, trials);
    assert.deepEqual(results['mean_test_accuracy'], [0.8500000000000001, 0.6499999999999999]);
    assert.deepEqual(results['rank_test_accuracy'], [1, 2]);
    assert.deepEqual(results['split1_test_f1_macro'], [0.6, 0.9]);
    assert.deepEqual(results['rank_test_f1_macro'], [2, 1]);
    assert.deepEqual(results['mean_train_f1_macro'], [0.99, 0.99]);
    assert.deepEqual([results.best_index, results.best_params], [1, SWEEP.candidates[1].params]);
  });

  it('counts a failed trial as nan for every scorer, and names a damaged scores column', async () => {
    const sweep = await sweeps.create(SWEEP.request, SWEEP.candidates.map((candidate) => candidate.params));
    const key = (candidate: number, fold: number) => ({ sweepId: sweep.id, candidate, fold });
    await record(key(0, 0), { accuracy: 0.9, f1_macro: 0.5 });
    await record(key(0, 1), null);
    const stored = await sweeps.findSweep(sweep.id);
    assert.ok(stored);
    const { results } = sweepCvResults(stored, await sweeps.finishedTrials(sweep.id));
    assert.deepEqual(results['split1_test_accuracy'], [null, null]);
    assert.deepEqual(results['mean_test_f1_macro'], [null, null]);

    const trial = await prisma.sweepTrial.findFirstOrThrow({ where: { sweepId: sweep.id, fold: 0, candidateIndex: 0 } });
    await prisma.$executeRaw`UPDATE sweep_trials SET scores = '{"test": {"accuracy": "high"}, "train": null}' WHERE id = ${trial.id}::uuid`;
    await assert.rejects(sweeps.finishedTrials(sweep.id), (error: unknown) => {
      assert.ok(error instanceof InvalidStoredDataError, String(error));
      assert.equal(error.field, `sweep_trials[${trial.id}].scores.test.accuracy`);
      return true;
    });
  });
});
