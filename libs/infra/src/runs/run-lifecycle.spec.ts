import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { validateRunRequest, validateSweepRequest, type RunOutcome } from '@mnist-lab/contracts';
import { encodeArtifact, evaluateClassifier } from '@mnist-lab/ml';
import type { ModelsRepository } from '../models/models.repository';
import type { PrismaService } from '../prisma/prisma.service';
import type { SweepsRepository } from '../sweeps/sweeps.repository';
import { connectRepositories, createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { RunsRepository } from './runs.repository';

/* Cancelling, deleting and reporting progress against a real Postgres, migrated as deployments are. */
const REQUEST = validateRunRequest({ dataset: 'mnist_784', n_samples: 100, estimator: { type: 'logistic_regression' } });
const ARTIFACT = encodeArtifact({ type: 'standard_scaler', params: {}, attributes: {}, arrays: { mean_: new Float64Array([1]) }, children: [] }, {});

function outcome(): RunOutcome {
  const evaluation = evaluateClassifier(new Int32Array([0, 1, 1]), new Int32Array([0, 1, 0]), new Int32Array([0, 1]));
  return {
    tensorBackend: 'cpu',
    loadSeconds: 0.1,
    fitSeconds: 1,
    predictSeconds: 0.2,
    evaluateSeconds: 0.3,
    serializeSeconds: 0.05,
    fitInfo: {},
    evaluation: { test: evaluation, train: evaluation },
    artifact: { bytes: ARTIFACT, sha256: randomBytes(32).toString('hex'), formatVersion: 1, header: {} },
  };
}

describe('run lifecycle in Postgres: cancel, delete, progress', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let runs: RunsRepository;
  let sweeps: SweepsRepository;
  let models: ModelsRepository;

  before(async () => {
    database = await createTestDatabase('lifecycle');
    ({ prisma, runs, sweeps, models } = await connectRepositories(database.url));
  });

  after(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('cancels a queued run once; a finished or unknown run is not cancelled', async () => {
    const { id } = await runs.create(REQUEST);
    assert.deepEqual(await runs.cancel(id), { cancelled: true, status: 'cancelled' });
    assert.deepEqual(await runs.cancel(id), { cancelled: false, status: 'cancelled' });
    assert.equal(await runs.cancel('00000000-0000-4000-8000-000000000000'), null);
    assert.equal(await runs.markRunning(id, 'worker-1'), null, 'a worker does not claim a cancelled run');
  });

  it('records no results for a run cancelled while it was fitting, and refuses its progress', async () => {
    const { id } = await runs.create(REQUEST);
    assert.ok(await runs.markRunning(id, 'worker-1'));
    await runs.cancel(id);
    const progress = { stage: 'fit', unit: 'trees', done: 3, total: 10, loss: null, stage_started_at: new Date().toISOString(), updated_at: new Date().toISOString() } as const;
    assert.equal(await runs.recordProgress(id, progress), false);
    assert.equal(await runs.recordSuccess(id, outcome()), false);
    const stored = await runs.findById(id);
    assert.equal(stored?.status, 'cancelled');
    assert.deepEqual(stored?.results, []);
    assert.equal(stored?.artifact, null);
    assert.equal(stored?.testAccuracy, null);
  });

  it("stores a running run's progress, its queue wait and each stage's seconds", async () => {
    const { id } = await runs.create(REQUEST);
    const claimed = await runs.markRunning(id, 'worker-1');
    assert.ok(claimed && claimed.queueWaitSeconds !== null && claimed.queueWaitSeconds >= 0);
    const progress = { stage: 'fit', unit: 'iterations', done: 40, total: 100, loss: 0.25, stage_started_at: '2026-12-03T14:00:00.000Z', updated_at: '2026-12-03T14:00:02.000Z' } as const;
    assert.equal(await runs.recordProgress(id, progress), true);
    assert.deepEqual((await runs.findById(id))?.progress, progress);
    assert.equal(await runs.recordSuccess(id, outcome()), true);
    const stored = await runs.findById(id);
    assert.equal(stored?.status, 'succeeded');
    assert.deepEqual([stored?.loadSeconds, stored?.fitSeconds, stored?.evaluateSeconds], [0.1, 1, 0.3]);
    assert.ok(stored?.saveSeconds !== null && stored!.saveSeconds! >= 0.05);
  });

  it('deletes a finished run with its results and model artifact, and refuses a running one', async () => {
    const { id } = await runs.create(REQUEST);
    await runs.markRunning(id, 'worker-1');
    assert.deepEqual(await runs.remove(id), { deleted: false, status: 'running' });
    await runs.recordSuccess(id, outcome());
    const artifactId = (await runs.findById(id))?.artifact?.id;
    assert.ok(artifactId);
    assert.deepEqual(await runs.remove(id), { deleted: true, status: 'succeeded' });
    assert.equal(await runs.findById(id), null);
    assert.equal(await prisma.runResult.count({ where: { runId: id } }), 0);
    assert.equal(await models.findById(artifactId), null);
    assert.equal(await runs.remove(id), null);
  });

  it("cancels a sweep refitting a run when that run is cancelled, then deletes the sweep with its refit run and model", async () => {
    const validated = validateSweepRequest({ ...REQUEST, param_distributions: { C: [0.1, 1] }, n_iter: 2, cv: 2, random_state: 0 });
    const sweep = await sweeps.create(validated.request, validated.candidates.map((candidate) => candidate.params));
    const { refitRunId } = await sweeps.finishCrossValidation(
      sweep.id,
      { best_index: 0, best_score: 0.9, best_params: { C: 0.1 } } as unknown as Parameters<SweepsRepository['finishCrossValidation']>[1],
      REQUEST,
    );
    assert.ok(refitRunId);
    assert.deepEqual(await sweeps.remove(sweep.id), { deleted: false, status: 'refitting' });
    await runs.markRunning(refitRunId, 'worker-1');
    await runs.cancel(refitRunId);
    assert.equal((await prisma.sweep.findUnique({ where: { id: sweep.id } }))?.status, 'cancelled');
    assert.deepEqual(await sweeps.remove(sweep.id), { deleted: true, status: 'cancelled' });
    assert.equal(await prisma.sweep.findUnique({ where: { id: sweep.id } }), null);
    assert.equal(await prisma.sweepTrial.count({ where: { sweepId: sweep.id } }), 0);
    assert.equal(await runs.findById(refitRunId), null);
  });

  it("gives a run's model, a sweep's trials and its refit run the owner of the run or sweep", async () => {
    const alice = { project: 'team-a', createdBy: { key_id: 'key-a', name: 'alice' } };
    const run = await runs.create(REQUEST, alice);
    await runs.markRunning(run.id, 'worker-1');
    await runs.recordSuccess(run.id, outcome());
    const model = await prisma.modelArtifact.findUnique({ where: { runId: run.id }, select: { project: true, createdByKeyId: true, createdByName: true } });
    assert.deepEqual(model, { project: 'team-a', createdByKeyId: 'key-a', createdByName: 'alice' });
    const validated = validateSweepRequest({ ...REQUEST, param_distributions: { C: [0.1, 1] }, n_iter: 2, cv: 2, random_state: 0 });
    const sweep = await sweeps.create(validated.request, validated.candidates.map((candidate) => candidate.params), alice);
    const { refitRunId } = await sweeps.finishCrossValidation(
      sweep.id,
      { best_index: 0, best_score: 0.9, best_params: { C: 0.1 } } as unknown as Parameters<SweepsRepository['finishCrossValidation']>[1],
      REQUEST,
    );
    const refit = await runs.findById(refitRunId!);
    assert.deepEqual([refit?.project, refit?.createdByKeyId, refit?.createdByName], ['team-a', 'key-a', 'alice']);
  });

  it('deletes a model artifact and leaves its run without a model', async () => {
    const { id } = await runs.create(REQUEST);
    await runs.markRunning(id, 'worker-1');
    await runs.recordSuccess(id, outcome());
    const artifactId = (await runs.findById(id))!.artifact!.id;
    assert.equal(await models.remove(artifactId), true);
    assert.equal(await models.remove(artifactId), false);
    const run = await runs.findById(id);
    assert.equal(run?.status, 'succeeded');
    assert.equal(run?.artifact, null);
  });
});
