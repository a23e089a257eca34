import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidStoredDataError, validateRunRequest } from '@mnist-lab/contracts';
import { decodeArtifact, encodeArtifact } from '@mnist-lab/ml';
import type { ModelsRepository } from '../models/models.repository';
import type { PrismaService } from '../prisma/prisma.service';
import type { RunsRepository } from '../runs/runs.repository';
import type { SweepsRepository } from '../sweeps/sweeps.repository';
import { connectRepositories, createTestDatabase, smallSweep, withClient, type TestDatabase } from '../testing/test-database';

/*
 * Rows as Postgres really holds them: written before versioning (the schema_version migration
 * not yet applied), written by this code, and damaged by hand. The server is TEST_DATABASE_URL's
 * (CI and dev machines run one on localhost); this suite makes its own database and drops it.
 */
const MIGRATIONS = join(__dirname, '..', '..', '..', '..', 'prisma', 'migrations');
const VERSIONING_MIGRATION = '20261203140000_schema_version';

const RUN = validateRunRequest({
  dataset: 'mnist_784',
  n_samples: 1000,
  estimator: { type: 'pipeline', steps: [['scale', { type: 'standard_scaler' }], ['model', { type: 'logistic_regression' }]] },
});
const SWEEP = smallSweep();
const ARTIFACT = encodeArtifact(
  { type: 'standard_scaler', params: { with_mean: true }, attributes: {}, arrays: { mean_: new Float64Array([1, 2]) }, children: [] },
  { dataset: 'mnist_784' },
);

function migrationsSql(which: (name: string) => boolean): string[] {
  return readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && which(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(join(MIGRATIONS, name, 'migration.sql'), 'utf8'));
}

function storedDataError(field: string, detail: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof InvalidStoredDataError, String(error));
    assert.equal(error.field, field);
    assert.match(error.message, detail);
    return true;
  };
}

describe('stored rows, decoded by the repositories', () => {
  let database: TestDatabase;
  let prisma: PrismaService;
  let runs: RunsRepository;
  let sweeps: SweepsRepository;
  let models: ModelsRepository;
  const old = { runId: '', modelId: '' };

  before(async () => {
    // Migrated by hand: the rows of the previous version are written between its migrations and the versioning one.
    database = await createTestDatabase('infra', { migrate: false });
    await withClient(database.url, async (client) => {
      for (const sql of migrationsSql((name) => name < VERSIONING_MIGRATION)) await client.query(sql);
      // What the previous version wrote: no schema_version, and a model's header holding only the encoder's metadata.
      const run = await client.query<{ id: string }>(
        `INSERT INTO runs (id, spec, dataset, model_type) VALUES (gen_random_uuid(), $1, 'mnist_784', 'logistic_regression') RETURNING id`,
        [JSON.stringify(RUN)],
      );
      old.runId = run.rows[0].id;
      const model = await client.query<{ id: string }>(
        `INSERT INTO model_artifacts (id, format_version, model_type, size_bytes, sha256, header, data)
         VALUES (gen_random_uuid(), 1, 'standard_scaler', $1, 'sha', $2, $3) RETURNING id`,
        [ARTIFACT.length, JSON.stringify({ dataset: 'mnist_784' }), ARTIFACT],
      );
      old.modelId = model.rows[0].id;
      for (const sql of migrationsSql((name) => name >= VERSIONING_MIGRATION)) await client.query(sql);
    });
    ({ prisma, runs, sweeps, models } = await connectRepositories(database.url));
  });

  after(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('reads a run written before versioning as version 1', async () => {
    const run = await runs.findById(old.runId);
    assert.equal(run?.schemaVersion, 1);
    assert.deepEqual(run?.spec, RUN);
  });

  it("upgrades an old model row's metadata-only header from the artifact's bytes", async () => {
    const model = await models.findById(old.modelId);
    assert.deepEqual(model?.header, decodeArtifact(ARTIFACT).header);
  });

  it('writes the current version and reads its own rows back typed', async () => {
    const created = await runs.create(RUN);
    assert.equal(created.schemaVersion, 1);
    const page = await runs.search({ scope: { projects: 'all' }, limit: 10 });
    assert.deepEqual(page.items.find((run) => run.id === created.id)?.spec, RUN);
  });

  it("names the run, column and path of a damaged spec", async () => {
    const { id } = await runs.create(RUN);
    await prisma.$executeRaw`UPDATE runs SET spec = jsonb_set(spec, '{estimator,params,steps,1,1,type}', '"svm"') WHERE id = ${id}::uuid`;
    await assert.rejects(runs.findById(id), storedDataError(`runs[${id}].spec.estimator.params.steps[1][1].type`, /unknown estimator type "svm"/));
    await assert.rejects(runs.search({ scope: { projects: 'all' }, limit: 100 }), storedDataError(`runs[${id}].spec.estimator.params.steps[1][1].type`, /svm/));
    await prisma.run.delete({ where: { id } });
  });

  it('refuses a row from a newer version, naming it', async () => {
    const { id } = await runs.create(RUN);
    await prisma.run.update({ where: { id }, data: { schemaVersion: 9 } });
    await assert.rejects(runs.findById(id), storedDataError(`runs[${id}].spec`, /schema version 9 is not one this mnist-lab reads/));
    await prisma.run.delete({ where: { id } });
  });

  it("names the sweep and candidate of a damaged candidates column, and a trial's params", async () => {
    const sweep = await sweeps.create(SWEEP.request, SWEEP.candidates.map((candidate) => candidate.params));
    const stored = await sweeps.findById(sweep.id);
    assert.deepEqual(stored?.candidates, SWEEP.candidates.map((candidate) => candidate.params));
    assert.equal(stored?.trials.length, 4);
    await prisma.$executeRaw`UPDATE sweeps SET candidates = '[{"C": 0.1}, 5]' WHERE id = ${sweep.id}::uuid`;
    await assert.rejects(sweeps.findSweep(sweep.id), storedDataError(`sweeps[${sweep.id}].candidates[1]`, /expected record/));
    await prisma.$executeRaw`UPDATE sweeps SET candidates = ${JSON.stringify(SWEEP.candidates.map((candidate) => candidate.params))}::jsonb WHERE id = ${sweep.id}::uuid`;
    const trial = await prisma.sweepTrial.findFirstOrThrow({ where: { sweepId: sweep.id } });
    await prisma.$executeRaw`UPDATE sweep_trials SET params = '"C=1"' WHERE id = ${trial.id}::uuid`;
    await assert.rejects(sweeps.findById(sweep.id), storedDataError(`sweep_trials[${trial.id}].params`, /expected record/));
  });
});
