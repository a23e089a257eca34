import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, QuotaExceededError, validateRunRequest, type Caller } from '@mnist-lab/contracts';
import { artifactSha256, decodeArtifact, encodeArtifact, type LabelledDataset } from '@mnist-lab/ml';
import { DatasetStore } from '../datasets/dataset-store';
import { DatasetsRepository } from '../datasets/datasets.repository';
import type { PrismaService } from '../prisma/prisma.service';
import { projectUsage, quotaGate } from '../quotas/project-quotas';
import type { ModelsRepository } from '../models/models.repository';
import type { RunsRepository } from '../runs/runs.repository';
import type { SweepsRepository } from '../sweeps/sweeps.repository';
import { connectRepositories, createTestDatabase, smallSweep, type TestDatabase } from '../testing/test-database';
import { authorized, callerScope, type Owner } from './project-scope';

/* Project scoping and quotas against a real Postgres, migrated as deployments are. */
const REQUEST = validateRunRequest({ dataset: 'mnist_784', n_samples: 100, estimator: { type: 'logistic_regression' } });
const ALICE: Owner = { project: 'team-a', createdBy: { key_id: 'key-a', name: 'alice' } };
const BOB: Owner = { project: 'team-b', createdBy: { key_id: 'key-b', name: 'bob' } };
const caller = (roles: Caller['roles']): Caller => ({ keyId: 'k', keyName: 'someone', globalAdmin: false, roles });
const ADMIN: Caller = { keyId: 'env:admin', keyName: 'admin', globalAdmin: true, roles: {} };

function tinyDataset(seed: number): LabelledDataset {
  const y = Int32Array.of(0, 1, 0, 1);
  return { X: { data: Uint8Array.of(seed, 1, 2, 3), rows: 4, cols: 1 }, y, classes: Int32Array.of(0, 1), nTrain: 4, imageShape: null } as LabelledDataset;
}

describe('project scope and quotas in Postgres', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let runs: RunsRepository;
  let sweeps: SweepsRepository;
  let models: ModelsRepository;

  before(async () => {
    database = await createTestDatabase('scope');
    ({ prisma, runs, sweeps, models } = await connectRepositories(database.url));
  });
  after(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it("lists only the scope's projects, narrowed by project=, and authorizes one row by its project", async () => {
    const a = await runs.create(REQUEST, ALICE);
    const b = await runs.create(REQUEST, BOB);
    const ids = async (scope: { projects: readonly string[] | 'all'; project?: string }) =>
      (await runs.search({ scope, limit: 10 })).items.map((run) => run.id).sort();
    assert.deepEqual(await ids({ projects: ['team-a'] }), [a.id]);
    assert.deepEqual(await ids({ projects: 'all' }), [a.id, b.id].sort());
    assert.deepEqual(await ids({ projects: 'all', project: 'team-b' }), [b.id]);
    assert.deepEqual(await ids({ projects: ['team-a'], project: 'team-b' }), [], 'a project outside the scope lists nothing');
    assert.deepEqual(await ids(callerScope(caller({ 'team-b': 'viewer' }))), [b.id]);

    const row = await runs.findById(a.id);
    assert.deepEqual([row?.project, row?.createdByKeyId, row?.createdByName], ['team-a', 'key-a', 'alice']);
    assert.equal(authorized(caller({ 'team-a': 'member' }), row, 'run', a.id, 'write'), row);
    assert.throws(() => authorized(caller({ 'team-b': 'admin' }), row, 'run', a.id, 'read'), NotFoundError);
    assert.throws(() => authorized(caller({ 'team-a': 'viewer' }), row, 'run', a.id, 'write'), ForbiddenError);
    assert.throws(() => authorized(ADMIN, null, 'run', a.id, 'read'), NotFoundError);

    const sweep = await sweeps.create(smallSweep().request, smallSweep().candidates.map((c) => c.params), BOB);
    assert.deepEqual((await sweeps.search({ scope: { projects: ['team-a'] }, limit: 10 })).items, []);
    assert.deepEqual((await sweeps.search({ scope: { projects: ['team-b'] }, limit: 10 })).items.map((s) => s.id), [sweep.id]);
  });

  it("finds an uploaded model's copy only in its own project", async () => {
    const data = encodeArtifact({ type: 'standard_scaler', params: {}, attributes: {}, arrays: { mean_: new Float64Array([1]) }, children: [] }, {});
    const artifact = { formatVersion: 1, modelType: 'standard_scaler', dataset: null, testAccuracy: null, sha256: artifactSha256(data), header: decodeArtifact(data).header, data };
    const stored = await models.create({ ...artifact, owner: ALICE });
    assert.deepEqual([stored.project, stored.createdByKeyId, stored.createdByName], ['team-a', 'key-a', 'alice']);
    assert.equal((await models.findBySha256(artifact.sha256, 'team-a'))?.id, stored.id);
    assert.equal(await models.findBySha256(artifact.sha256, 'team-b'), null);
    assert.equal((await models.search({ scope: { projects: ['team-b'] }, limit: 10 })).items.length, 0);
  });

  it("keeps datasets of other projects out of sight, and their names from being taken", async () => {
    const store = new DatasetStore(new DatasetsRepository(prisma), { cacheDir: '/tmp/mnist-lab-scope-spec' });
    const created = await store.register('team_data', tinyDataset(0), ALICE);
    assert.deepEqual([created.created, created.dataset.project, created.dataset.created_by], [true, 'team-a', ALICE.createdBy]);
    await assert.rejects(store.describe('team_data', { projects: ['team-b'] }), (error: unknown) => error instanceof NotFoundError && !/team-a/.test(error.message));
    assert.equal((await store.describe('team_data', { projects: ['team-a'] })).name, 'team_data');
    const conflict = (error: unknown) => error instanceof ConflictError && /is taken/.test(error.message) && !/sha256/.test(error.message);
    await assert.rejects(store.register('team_data', tinyDataset(0), BOB), conflict, "the same content under another project's name is refused too");
    const catalog = await store.catalog({ projects: ['team-b'] });
    assert.ok(Object.hasOwn(catalog, 'mnist_784'), 'built-in datasets are in every catalog');
    assert.ok(!Object.hasOwn(catalog, 'team_data'));
  });

  it('refuses what would exceed a quota, inside the storing transaction, even for concurrent submissions', async () => {
    await prisma.run.updateMany({ data: { status: 'cancelled' } });
    await prisma.sweep.updateMany({ data: { status: 'cancelled' } });
    await prisma.sweepTrial.updateMany({ data: { status: 'cancelled' } });
    const gate = quotaGate({ maxPendingTrials: 5, maxConcurrentSweeps: 1 });
    const { request, candidates } = smallSweep();
    const settings = candidates.map((c) => c.params);
    await sweeps.create(request, settings, ALICE, gate);
    assert.deepEqual(await projectUsage(prisma, 'team-a'), { pendingTrials: 4, sweeps: 1 });
    await assert.rejects(sweeps.create(request, settings, ALICE, gate), (error: unknown) => error instanceof QuotaExceededError && error.quota === 'PROJECT_MAX_CONCURRENT_SWEEPS' && error.usage === 1);

    // Two runs at once for the one slot left: the advisory lock lets exactly one through.
    const before = await prisma.run.count();
    const outcomes = await Promise.allSettled([runs.create(REQUEST, ALICE, gate), runs.create(REQUEST, ALICE, gate)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), ['fulfilled', 'rejected']);
    const refusal = outcomes.find((outcome) => outcome.status === 'rejected')!.reason as QuotaExceededError;
    assert.deepEqual([refusal.quota, refusal.limit, refusal.usage], ['PROJECT_MAX_PENDING_TRIALS', 5, 5]);
    assert.equal(await prisma.run.count(), before + 1, 'the refused run was not stored');
    assert.ok(await runs.create(REQUEST, BOB, gate), "another project's quota is its own");
  });
});
