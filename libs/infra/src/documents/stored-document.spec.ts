import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidStoredDataError } from '@mnist-lab/contracts';
import { decodeArtifact, encodeArtifact, InvalidParameterError } from '@mnist-lab/ml';
import { z } from 'zod';
import { decodeModelHeader, MODEL_ARTIFACTS } from '../models/model-documents';
import { decodeStored, zodCodec, type DocumentCodec, type StoredTable, type VersionedRow } from './stored-document';

const TABLE: StoredTable = { name: 'things', version: 3 };
const row = (schemaVersion: number): VersionedRow => ({ id: 'row-1', schemaVersion });

/** Renamed `n` to `count` in version 2 and wrapped it in `sizes` in version 3. */
const codec: DocumentCodec<{ sizes: { count: number }[] }> = {
  upgrades: {
    1: (document) => ({ count: (document as { n: number }).n }),
    2: (document) => ({ sizes: [document] }),
  },
  decode: (document) => z.object({ sizes: z.array(z.object({ count: z.int() })) }).parse(document),
};

function rejectsWith(promise: Promise<unknown>, field: string, detail: RegExp) {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InvalidStoredDataError, String(error));
    assert.equal(error.field, field);
    assert.match(error.message, detail);
    assert.ok(error.message.startsWith(`${field}: `), error.message);
    return true;
  });
}

describe('decodeStored', () => {
  it('decodes a current row as it is', async () => {
    assert.deepEqual(await decodeStored(TABLE, 'doc', codec, row(3), { sizes: [{ count: 2 }] }), { sizes: [{ count: 2 }] });
  });

  it('upgrades an old row one version at a time', async () => {
    assert.deepEqual(await decodeStored(TABLE, 'doc', codec, row(1), { n: 7 }), { sizes: [{ count: 7 }] });
    assert.deepEqual(await decodeStored(TABLE, 'doc', codec, row(2), { count: 7 }), { sizes: [{ count: 7 }] });
  });

  it('leaves a column alone across versions that did not change it', async () => {
    const unchanged = zodCodec(z.object({ label: z.string() }));
    assert.deepEqual(await decodeStored(TABLE, 'label', unchanged, row(1), { label: 'a' }), { label: 'a' });
  });

  it('names table, row, column and path of a bad value', async () => {
    await rejectsWith(decodeStored(TABLE, 'doc', codec, row(3), { sizes: [{ count: 2 }, { count: 'many' }] }), 'things[row-1].doc.sizes[1].count', /expected number, received string/);
  });

  it("prefixes a validator's own InvalidParameterError path with the column", async () => {
    const spec: DocumentCodec<never> = {
      upgrades: {},
      decode: () => {
        throw new InvalidParameterError('estimator.type', 'unknown estimator type "svm"');
      },
    };
    await rejectsWith(decodeStored(TABLE, 'spec', spec, row(3), {}), 'things[row-1].spec.estimator.type', /unknown estimator type "svm"/);
  });

  it('refuses a version newer than this code, or not a version at all', async () => {
    await rejectsWith(decodeStored(TABLE, 'doc', codec, row(4), { sizes: [] }), 'things[row-1].doc', /schema version 4 is not one this mnist-lab reads \(1 to 3\)/);
    await rejectsWith(decodeStored(TABLE, 'doc', codec, row(0), { sizes: [] }), 'things[row-1].doc', /schema version 0/);
  });
});

describe('model_artifacts.header', () => {
  const bytes = encodeArtifact(
    { type: 'standard_scaler', params: { with_mean: true }, attributes: {}, arrays: { mean_: new Float64Array([1, 2]) }, children: [] },
    { dataset: 'mnist_784' },
  );
  const { header } = decodeArtifact(bytes);
  const readBytes = async (offset: number, length: number) => bytes.subarray(offset, offset + length);
  const noBytes = async (): Promise<Buffer> => assert.fail('the header should not be read from the artifact');
  const model = (schemaVersion: number, stored: unknown) =>
    ({ id: 'model-1', schemaVersion, header: stored }) as unknown as Parameters<typeof decodeModelHeader>[0];

  it('is version 2: the whole artifact header', () => assert.equal(MODEL_ARTIFACTS.version, 2));

  it('reads a current row from the column', async () => {
    assert.deepEqual(await decodeModelHeader(model(2, header), noBytes), header);
  });

  it('keeps a version 1 row that already holds the whole header', async () => {
    assert.deepEqual(await decodeModelHeader(model(1, header), noBytes), header);
  });

  it("upgrades a version 1 row holding only the encoder's metadata from the artifact's bytes", async () => {
    assert.deepEqual(await decodeModelHeader(model(1, { dataset: 'mnist_784' }), readBytes), header);
  });

  it('refuses a version 2 row holding only metadata, naming the field', async () => {
    await rejectsWith(decodeModelHeader(model(2, { dataset: 'mnist_784' }), noBytes), 'model_artifacts[model-1].header.format_version', /expected number, received undefined/);
  });

  it('refuses a version 1 metadata-only row whose bytes are not an artifact', async () => {
    const garbage = async () => Buffer.from('not an artifact at all');
    await rejectsWith(decodeModelHeader(model(1, { dataset: 'mnist_784' }), garbage), 'model_artifacts[model-1].header', /expected object/);
  });
});
