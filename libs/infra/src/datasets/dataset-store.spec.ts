import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConflictError } from '@mnist-lab/contracts';
import { uniqueLabels, type LabelledDataset } from '@mnist-lab/ml';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { DatasetStore, type DatasetCacheEvent } from './dataset-store';
import type { Owner } from '../scope/project-scope';
import { DATASET_CHUNK_BYTES, DatasetsRepository } from './datasets.repository';

/* The store against a real Postgres (TEST_DATABASE_URL's server, a database of its own) and a temporary cache directory. */
const SERVER_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ROOT = join(__dirname, '..', '..', '..', '..');

const TEAM_A: Owner = { project: 'team-a', createdBy: { key_id: 'key-a', name: 'alice' } };

/** Rows of 1024 bytes, enough of them to need two chunks. */
function largeDataset(seed: number): LabelledDataset {
  const rows = Math.ceil((DATASET_CHUNK_BYTES * 1.2) / 1024);
  const X = new Uint8Array(rows * 1024).map((_, i) => (i * 31 + seed) % 256);
  const y = Int32Array.from({ length: rows }, (_, i) => i % 4);
  return { X: { data: X, rows, cols: 1024 }, y, classes: uniqueLabels(y), nTrain: rows, imageShape: [32, 32] };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('DatasetStore on Postgres', () => {
  const database = `mnist_lab_datasets_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(SERVER_URL), { pathname: `/${database}` }).toString();
  const cacheDir = mkdtempSync(join(tmpdir(), 'dataset-store-spec-'));
  let prisma: PrismaClient;
  let repository: DatasetsRepository;
  const events: DatasetCacheEvent['outcome'][] = [];
  const store = () => new DatasetStore(repository, { cacheDir, onCacheEvent: (event) => events.push(event.outcome) });

  before(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    const migrated = spawnSync('npx', ['prisma', 'migrate', 'deploy'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
    assert.equal(migrated.status, 0, migrated.stdout + migrated.stderr);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    repository = new DatasetsRepository(prisma);
  });
  after(async () => {
    await prisma?.$disconnect();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const chunkCount = () => prisma.datasetChunk.count();

  it('stores a dataset in chunks, idempotently, and refuses other content under its name', async () => {
    const dataset = largeDataset(0);
    const first = await store().register('large', dataset, TEAM_A);
    assert.equal(first.created, true);
    assert.equal(await chunkCount(), 2);
    assert.deepEqual(first.dataset.classes.map(({ label }) => label), [0, 1, 2, 3]);
    assert.equal(first.dataset.classes.reduce((total, { count }) => total + count, 0), dataset.X.rows);
    const again = await store().register('large', largeDataset(0), TEAM_A);
    assert.deepEqual([again.created, again.dataset.sha256], [false, first.dataset.sha256]);
    await assert.rejects(store().register('large', largeDataset(1), TEAM_A), (error: unknown) => error instanceof ConflictError && /already exists with other content/.test(error.message));
    assert.equal(await chunkCount(), 2, 'the refused upload stored no chunk');
    const alias = await store().register('large_copy', largeDataset(0), TEAM_A);
    assert.equal(alias.dataset.sha256, first.dataset.sha256);
    assert.equal(await chunkCount(), 2, 'equal content shares its chunks');
  });

  it('fetches on a miss, reads the cache on a hit, and fetches again a corrupt or partial file', async () => {
    events.length = 0;
    const loaded = await store().load('large');
    assert.deepEqual(loaded.dataset.X.data, largeDataset(0).X.data);
    assert.ok(loaded.dataset.X.data.buffer instanceof SharedArrayBuffer);
    const hitStore = store();
    await hitStore.load('large');
    assert.deepEqual(hitStore.cacheCounts, { hit: 1, miss: 0, refetch: 0 });
    const [file] = readdirSync(cacheDir);
    const bytes = readFileSync(join(cacheDir, file));
    bytes[5000] ^= 1;
    writeFileSync(join(cacheDir, file), bytes);
    await store().load('large');
    writeFileSync(join(cacheDir, file), bytes.subarray(0, 100));
    await store().load('large');
    assert.deepEqual(events, ['miss', 'hit', 'refetch', 'refetch']);
    assert.deepEqual(readdirSync(cacheDir), [file], 'no temporary file is left behind');
  });

  it('leaves no cache file when a chunk is missing, and names the chunk', async () => {
    const record = (await repository.find('large'))!;
    await prisma.datasetChunk.delete({ where: { sha256_chunkIndex: { sha256: record.sha256, chunkIndex: 1 } } });
    rmSync(join(cacheDir, `${record.sha256}.dataset`));
    await assert.rejects(store().load('large'), /chunk 1 of 2 is missing/);
    assert.deepEqual(readdirSync(cacheDir), []);
  });
});
