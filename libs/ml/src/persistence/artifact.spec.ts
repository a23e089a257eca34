import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Classifier, EstimatorState } from '../base/estimator';
import { ArtifactError } from '../base/errors';
import { matrix } from '../base/matrix';
import { createEstimator } from '../base/registry';
import { ARTIFACT_FORMAT_VERSION, ArtifactTooLargeError, MAX_ARTIFACT_HEADER_BYTES, artifactSha256, decodeArtifact, encodeArtifact, loadModel, readArtifact } from './artifact';

const X = matrix(Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.3) + (i % 3)), 30, 2);
const y = Int32Array.from({ length: 30 }, (_, i) => (i % 3) * 2);

async function fittedPipeline(): Promise<Classifier> {
  const pipeline = createEstimator({
    type: 'pipeline',
    params: { steps: [['model', { type: 'logistic_regression', params: { max_iter: 5, random_state: 0 } }]] },
  }) as Classifier;
  return pipeline.fit(X, y);
}

/** A state tree with every dtype, odd lengths and awkward names, fitted by no estimator. */
const syntheticState: EstimatorState = {
  type: 'pipeline',
  params: { steps: [] },
  attributes: { note: 'synthetic', nested: { list: [1, 2.5, null, true] } },
  arrays: { 'a/b~c': Uint8Array.of(1, 2, 3), ['__proto__']: Int8Array.of(-1) },
  children: [
    { type: 'fake_scaler', params: {}, attributes: {}, arrays: { mean: Float64Array.of(0.5, -1e300), counts: Uint16Array.of(7) }, children: [] },
    {
      type: 'fake_model',
      params: { C: 1 },
      attributes: {},
      arrays: { coef: Float32Array.of(1.5, 2.5, 3.5), classes: Int32Array.of(4, 9), ids: Uint32Array.of(2 ** 32 - 1), small: Int16Array.of(-3, 3) },
      children: [],
    },
  ],
};

/** The artifact with its JSON header edited (the payload and its checksum untouched). */
function withHeader(bytes: Buffer, edit: (header: { arrays: Record<string, unknown>[]; state: unknown }) => void): Buffer {
  const headerLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.toString('utf8', 16, 16 + headerLength));
  edit(header);
  const json = Buffer.from(JSON.stringify(header));
  const paddedLength = Math.ceil((16 + json.length) / 8) * 8 - 16;
  const prefix = Buffer.alloc(16 + paddedLength, ' ');
  bytes.copy(prefix, 0, 0, 12);
  prefix.writeUInt32LE(paddedLength, 12);
  json.copy(prefix, 16);
  return Buffer.concat([prefix, bytes.subarray(16 + headerLength)]);
}

function rejectsWith(bytes: Uint8Array, reason: RegExp): void {
  assert.throws(() => decodeArtifact(bytes), (error: unknown) => error instanceof ArtifactError && reason.test(error.message));
}

describe('model artifacts', () => {
  it('round-trips a fitted pipeline with identical predictions and the caller metadata', async () => {
    const pipeline = await fittedPipeline();
    const metadata = { dataset: 'mnist_784', split: { test_size: 0.2, random_state: 42 }, metrics: { accuracy: 0.9 }, tensor_backend: 'wasm' };
    const bytes = encodeArtifact(pipeline.serialize(), metadata);

    const loaded = loadModel(bytes) as Classifier;
    assert.deepEqual(loaded.predict(X), pipeline.predict(X));
    assert.deepEqual(loaded.predictProba(X), pipeline.predictProba(X));
    assert.deepEqual(loaded.fitInfo(), pipeline.fitInfo());

    const { header, state } = decodeArtifact(bytes);
    assert.deepEqual(state, pipeline.serialize());
    assert.equal(header.format_version, ARTIFACT_FORMAT_VERSION);
    assert.deepEqual(header.estimator, pipeline.toSpec());
    assert.deepEqual(header.classes, [0, 2, 4]);
    assert.deepEqual(header.metadata, metadata);
    assert.equal(header.library.name, '@mnist-lab/ml');
    assert.ok(!Number.isNaN(Date.parse(header.created_at)));
    assert.deepEqual(header.arrays.map((entry) => [entry.path, entry.dtype, entry.length]), [
      ['/children/0/arrays/coef', 'float32', 6],
      ['/children/0/arrays/intercept', 'float32', 3],
      ['/children/0/arrays/classes', 'int32', 3],
    ]);
    assert.equal(artifactSha256(bytes), createHash('sha256').update(bytes).digest('hex'));
  });

  it('round-trips nested states with every dtype, aligning each payload to 8 bytes', () => {
    const bytes = encodeArtifact(syntheticState);
    const { header, state } = decodeArtifact(bytes);
    assert.deepEqual(state, syntheticState);
    assert.ok(Object.hasOwn(state.arrays, '__proto__'));
    assert.deepEqual(header.classes, [4, 9]);
    const payloadStart = bytes.length - header.payload.byteLength;
    assert.equal(payloadStart % 8, 0);
    for (const entry of header.arrays) assert.equal(entry.offset % 8, 0, entry.path);
    // A copy at an odd byte offset (as a slice of a larger buffer) decodes the same.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    assert.deepEqual(decodeArtifact(shifted.subarray(1)).state, syntheticState);
  });

  it('rejects bytes that are not an artifact', () => {
    rejectsWith(Buffer.from('{"type": "pipeline"}'), /^not a model artifact: it starts with bytes \[7b 22 74 79 70 65 22 3a\], not the magic "MNLABART"$/);
    rejectsWith(new Uint8Array(0), /not a model artifact/);
  });

  it('rejects truncated artifacts, saying where they end', () => {
    const bytes = encodeArtifact(syntheticState);
    rejectsWith(bytes.subarray(0, 12), /truncated: 12 bytes, shorter than its 16-byte prefix/);
    rejectsWith(bytes.subarray(0, 40), /truncated: the header declares \d+ bytes but only 24 follow the prefix/);
    rejectsWith(bytes.subarray(0, bytes.length - 1), /truncated: the payload should have \d+ bytes but has \d+/);
    rejectsWith(Buffer.concat([bytes, Buffer.of(0)]), /1 unexpected bytes after its payload/);
  });

  it('rejects a tampered payload by its sha256', () => {
    const bytes = Buffer.from(encodeArtifact(syntheticState));
    bytes[bytes.length - 1] ^= 1;
    rejectsWith(bytes, /payload is corrupted or was modified: its sha256 is [0-9a-f]{64}, the header records [0-9a-f]{64}/);
  });

  it('rejects a newer or unknown format version', () => {
    const bytes = Buffer.from(encodeArtifact(syntheticState));
    bytes.writeUInt32LE(ARTIFACT_FORMAT_VERSION + 1, 8);
    rejectsWith(bytes, /format version 2 is newer than this library reads \(up to 1\); upgrade @mnist-lab\/ml/);
    bytes.writeUInt32LE(0, 8);
    rejectsWith(bytes, /format version 0 is not supported/);
  });

  it('rejects a header that names a type outside the whitelist or points outside the payload', () => {
    const bytes = encodeArtifact(syntheticState);
    rejectsWith(
      withHeader(bytes, (header) => (header.arrays[1].dtype = 'Function')),
      /field arrays\[1\] has dtype "Function"; allowed: uint8, int8, uint16, int16, uint32, int32, float32, float64/,
    );
    rejectsWith(withHeader(bytes, (header) => (header.arrays[2].offset = 1 << 20)), /field arrays\[2\] reaches byte \d+, past the \d+-byte payload/);
    rejectsWith(withHeader(bytes, (header) => (header.arrays[2].offset = 4)), /field arrays\[2\] has offset 4, which is not 8-byte aligned/);
    rejectsWith(withHeader(bytes, (header) => (header.arrays[2].path = '/children/7/arrays/mean')), /array path "\/children\/7\/arrays\/mean" does not name an array of the state/);
    rejectsWith(withHeader(bytes, (header) => (header.state = [])), /field state must be an object/);
    const notJson = Buffer.from(bytes);
    notJson.write('[', 16, 'latin1');
    rejectsWith(notJson, /header is not valid JSON/);
  });

  it('loadModel refuses an estimator type it does not know', () => {
    const bytes = encodeArtifact({ ...syntheticState, type: 'no_such_model' });
    assert.throws(
      () => loadModel(bytes),
      (error: unknown) => error instanceof ArtifactError && error.field === 'estimator.type' && /artifact header field estimator.type: unknown estimator type "no_such_model"/.test(error.message),
    );
  });
});

/** The artifact as an upload would arrive: in chunks of `size` bytes, counting how many were pulled. */
function chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> & { pulled: number } {
  const source = {
    pulled: 0,
    async *[Symbol.asyncIterator]() {
      for (let offset = 0; offset < bytes.length; offset += size) {
        source.pulled++;
        yield bytes.subarray(offset, offset + size);
      }
    },
  };
  return source;
}

const LIMITS = { maxHeaderBytes: MAX_ARTIFACT_HEADER_BYTES, maxBytes: 64 * 1024 * 1024 };

async function readRejection(chunks: AsyncIterable<Uint8Array>, limits = LIMITS): Promise<Error> {
  try {
    await readArtifact(chunks, limits);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the artifact to be refused');
}

/** The pipeline's model step's params, in both places an artifact holds them (the header's estimator and its state). */
function withModelParams(bytes: Buffer, edit: (params: Record<string, unknown>) => unknown): Buffer {
  return withHeader(bytes, (header) => {
    const h = header as unknown as { estimator: { params: { steps: [string, { params: unknown }][] } }; state: { params: { steps: [string, { params: unknown }][] }; children: { params: unknown }[] } };
    h.estimator.params.steps[0][1].params = edit(h.estimator.params.steps[0][1].params as Record<string, unknown>);
    h.state.params.steps[0][1].params = edit(h.state.params.steps[0][1].params as Record<string, unknown>);
    // A child's params that are no object fail the header's structure first; the spec's are checked here.
    const childParams = edit(h.state.children[0].params as Record<string, unknown>);
    if (typeof childParams === 'object') h.state.children[0].params = childParams;
  });
}

describe('reading an artifact as it streams in', () => {
  it('gives what decodeArtifact gives, and the sha256 of the whole file, for any chunking', async () => {
    const bytes = encodeArtifact((await fittedPipeline()).serialize(), { dataset: 'mnist_784' });
    const decoded = decodeArtifact(bytes);
    for (const size of [1, 7, 16, 100, 4096, bytes.length]) {
      const read = await readArtifact(chunked(bytes, size), LIMITS);
      assert.deepEqual(read.state, decoded.state);
      assert.deepEqual(read.header, decoded.header);
      assert.equal(read.sha256, artifactSha256(bytes));
      assert.ok(read.bytes.equals(bytes));
    }
  });

  it('refuses a header longer than the limit from its first 16 bytes, reading nothing more', async () => {
    const prefix = Buffer.alloc(16);
    prefix.write('MNLABART', 0, 'latin1');
    prefix.writeUInt32LE(ARTIFACT_FORMAT_VERSION, 8);
    prefix.writeUInt32LE(150_000_000, 12);
    const body = Buffer.concat([prefix, Buffer.alloc(64 * 1024, '[')]);
    const chunks = chunked(body, 16);
    const error = await readRejection(chunks);
    assert.ok(error instanceof ArtifactTooLargeError, String(error));
    assert.match(error.message, /header declares 143.1 MB, more than the limit of 4 MB/);
    assert.equal(chunks.pulled, 1);
  });

  it('refuses a file larger than the limit before its payload arrives, from its header or from the bytes themselves', async () => {
    const bytes = encodeArtifact((await fittedPipeline()).serialize());
    const headerEnd = 16 + bytes.readUInt32LE(12);
    const limits = { maxHeaderBytes: MAX_ARTIFACT_HEADER_BYTES, maxBytes: headerEnd + 8 };
    const chunks = chunked(bytes, headerEnd);
    const error = await readRejection(chunks, limits);
    assert.ok(error instanceof ArtifactTooLargeError);
    assert.match(error.message, /header declares a \d+ bytes file, more than the limit of \d+ bytes/);
    assert.equal(chunks.pulled, 1);
    const endless = Buffer.alloc(16 + 100, ' ');
    bytes.copy(endless, 0, 0, 12);
    endless.writeUInt32LE(80, 12);
    const unended = await readRejection(chunked(endless, 10), { maxHeaderBytes: 10_000, maxBytes: 50 });
    assert.ok(unended instanceof ArtifactTooLargeError);
    assert.match(unended.message, /the upload is larger than the limit of 50 bytes/);
  });

  it('refuses what is not an artifact at its first chunk, and a truncated, extended or modified one', async () => {
    const text = chunked(Buffer.from('hello world, this is not an artifact at all'.repeat(1000)), 3);
    assert.match((await readRejection(text)).message, /not a model artifact/);
    assert.equal(text.pulled, 1);
    const bytes = encodeArtifact((await fittedPipeline()).serialize());
    assert.match((await readRejection(chunked(bytes.subarray(0, bytes.length - 8), 64))).message, /artifact is truncated: the payload should have/);
    assert.match((await readRejection(chunked(bytes.subarray(0, 30), 64))).message, /artifact is truncated: the header declares/);
    assert.match((await readRejection(chunked(Buffer.concat([bytes, Buffer.alloc(8)]), 64))).message, /unexpected bytes after its payload/);
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] ^= 1;
    assert.match((await readRejection(chunked(tampered, 64))).message, /payload is corrupted or was modified/);
  });

  it('refuses, in milliseconds and without allocating it, an array the body cannot hold', async () => {
    const bytes = withHeader(encodeArtifact((await fittedPipeline()).serialize()), (header) => {
      header.arrays[0] = { ...header.arrays[0], length: 1e9, byteLength: 4e9 };
    });
    const started = performance.now();
    assert.match((await readRejection(chunked(bytes, 1024))).message, /reaches byte \d+, past the \d+-byte payload/);
    assert.ok(performance.now() - started < 100);
  });

  it("validates the header's estimator exactly as a submitted spec, naming the field", async () => {
    const bytes = encodeArtifact((await fittedPipeline()).serialize());
    const cases: [(params: Record<string, unknown>) => unknown, string][] = [
      [() => 5, 'estimator.params.steps[0][1].params'],
      [(params) => ({ ...params, max_iter: 0 }), 'estimator.params.steps[0][1].params.max_iter'],
      [(params) => ({ ...params, solver: -2147483648 }), 'estimator.params.steps[0][1].params.solver'],
      [(params) => ({ ...params, tol: 'x' }), 'estimator.params.steps[0][1].params.tol'],
      [(params) => ({ ...params, learning_rate_init: -1e308 }), 'estimator.params.steps[0][1].params.learning_rate_init'],
    ];
    for (const [edit, field] of cases) {
      const error = await readRejection(chunked(withModelParams(bytes, edit), 4096));
      assert.ok(error instanceof ArtifactError, String(error));
      assert.equal(error.field, field, error.message);
      assert.throws(() => loadModel(withModelParams(bytes, edit)), ArtifactError);
    }
  });

  it('refuses a header whose estimator is not the one its state holds', async () => {
    const bytes = withHeader(encodeArtifact((await fittedPipeline()).serialize()), (header) => {
      (header as unknown as { estimator: { params: { steps: [string, { params: Record<string, unknown> }][] } } }).estimator.params.steps[0][1].params['max_iter'] = 7;
    });
    assert.match((await readRejection(chunked(bytes, 4096))).message, /estimator is not the estimator its state holds/);
  });

  it('refuses a header nested deeper than any estimator, before parsing it', async () => {
    const bytes = withHeader(encodeArtifact((await fittedPipeline()).serialize()), (header) => {
      (header as unknown as { metadata: unknown }).metadata = { deep: JSON.parse('['.repeat(1000) + ']'.repeat(1000)) };
    });
    const error = await readRejection(chunked(bytes, 4096));
    assert.ok(error instanceof ArtifactError);
    assert.match(error.message, /header: nests objects and arrays more than 64 deep/);
  });
});
