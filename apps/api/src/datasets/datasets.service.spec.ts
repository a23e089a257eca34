import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Caller } from '@mnist-lab/contracts';
import type { DatasetRecord, DatasetStore, ProjectScope } from '@mnist-lab/infra';
import type { AuditService } from '../audit/audit.service';
import { DataError, InvalidParameterError, uniqueLabels, type LabelledDataset } from '@mnist-lab/ml';
import { DatasetsService } from './datasets.service';

const ADMIN: Caller = { keyId: 'env:admin', keyName: 'admin', globalAdmin: true, roles: {} };
const EVERYWHERE: ProjectScope = { projects: 'all' };
const NO_AUDIT = { record: async () => undefined } as unknown as AuditService;

/** A store of datasets named d0, d1, ... (2 x 2 images; `tabular` has no image shape) that counts its loads. */
function fakeStore() {
  const loads: string[] = [];
  const record = (name: string) => ({ name, sha256: `sha-${name}`, n_features: 4, image_shape: name === 'tabular' ? null : [2, 2] }) as unknown as DatasetRecord;
  const dataset = (name: string): LabelledDataset => {
    const y = Int32Array.from([0, 1]);
    return { X: { data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), rows: 2, cols: 4 }, y, classes: uniqueLabels(y), nTrain: 2, imageShape: name === 'tabular' ? null : [2, 2] };
  };
  const store = {
    describe: async (name: string) => record(name),
    load: async (name: string) => {
      loads.push(name);
      return { record: record(name), dataset: dataset(name) };
    },
  } as unknown as DatasetStore;
  return { store, loads };
}

describe('DatasetsService', () => {
  it('reads samples as X[index], keeps the four datasets used last, and loads an evicted one again', async () => {
    const { store, loads } = fakeStore();
    const service = new DatasetsService(store, NO_AUDIT);
    assert.deepEqual([...(await service.pixelReader('d0', EVERYWHERE))(1)], [5, 6, 7, 8]);
    for (const name of ['d1', 'd2', 'd3', 'd0', 'd4', 'd0', 'd1']) await service.pixelReader(name, EVERYWHERE);
    // d0 was used again before d4 came, so d1 (used least recently) was the one dropped.
    assert.deepEqual(loads, ['d0', 'd1', 'd2', 'd3', 'd4', 'd1']);
  });

  it('refuses an index out of range, and images of a tabular dataset', async () => {
    const service = new DatasetsService(fakeStore().store, NO_AUDIT);
    const pixelsOf = await service.pixelReader('d0', EVERYWHERE);
    assert.throws(() => pixelsOf(2), (error: unknown) => error instanceof InvalidParameterError && error.path === 'index' && /\[0, 1\]/.test(error.message));
    await assert.rejects(service.pixelReader('tabular', EVERYWHERE), (error: unknown) => error instanceof DataError && /tabular/.test(error.message));
  });

  it('names the missing or wrong part of an upload form before reading any file', async () => {
    const service = new DatasetsService(fakeStore().store, NO_AUDIT);
    const upload = (fields: Record<string, string>, files: Record<string, { path: string; field: string }> = {}) => service.upload(ADMIN, { fields, files, maxBytes: 1024 });
    const field = (path: string) => (error: unknown) => error instanceof InvalidParameterError && error.path === path;
    await assert.rejects(upload({ name: 'ok', format: 'idx', project: 'No Such' }), field('project'));
    await assert.rejects(upload({ format: 'idx' }), field('name'));
    await assert.rejects(upload({ name: 'a b', format: 'idx' }), field('name'));
    await assert.rejects(upload({ name: 'ok' }), field('format'));
    await assert.rejects(upload({ name: 'ok', format: 'parquet' }), field('format'));
    await assert.rejects(upload({ name: 'ok', format: 'idx' }, { images: { path: '/nonexistent', field: 'images' } }), field('labels'));
    await assert.rejects(upload({ name: 'ok', format: 'csv' }, { data: { path: '/nonexistent', field: 'data' } }), field('label_column'));
  });
});
