import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError, InvalidParameterError } from '../base/errors';
import { encodeIdx } from './idx';
import { MNIST_FILE_NAMES, fetchMnist, loadMnist, type MnistPart, type RemoteFile } from './mnist';

/** A tiny MNIST look-alike: 3 training and 2 test images of 2 x 2 pixels; pixel values encode the row. */
const TINY: Record<MnistPart, Uint8Array> = {
  trainImages: encodeIdx([3, 2, 2], Uint8Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23])),
  trainLabels: encodeIdx([3], Uint8Array.from([5, 0, 4])),
  testImages: encodeIdx([2, 2, 2], Uint8Array.from([100, 101, 102, 103, 110, 111, 112, 113])),
  testLabels: encodeIdx([2], Uint8Array.from([7, 2])),
};
const TINY_PIXELS = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 100, 101, 102, 103, 110, 111, 112, 113];

const scratch = mkdtempSync(join(tmpdir(), 'mnist-spec-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function tinyDir(parts: readonly MnistPart[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels']): string {
  const dir = mkdtempSync(join(scratch, 'data-'));
  for (const part of parts) writeFileSync(join(dir, MNIST_FILE_NAMES[part]), TINY[part]);
  return dir;
}

function isInvalidParameter(path: string, pattern: RegExp) {
  return (error: unknown) => error instanceof InvalidParameterError && error.path === path && pattern.test(error.message);
}

describe('loadMnist', () => {
  it('loads the packaged MNIST as OpenML mnist_784: 60000 training then 10000 test images', () => {
    const { X, y, classes, nTrain } = loadMnist();
    assert.equal(X.rows, 70000);
    assert.equal(X.cols, 784);
    assert.ok(X.data instanceof Uint8Array);
    assert.equal(nTrain, 60000);
    assert.deepEqual([...classes], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...y.subarray(0, 10)], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    assert.deepEqual([...y.subarray(60000, 60010)], [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    const counts = new Array<number>(10).fill(0);
    for (const label of y) counts[label]++;
    // np.bincount of the concatenated label files.
    assert.deepEqual(counts, [6903, 7877, 6990, 7141, 6824, 6313, 6876, 7293, 6825, 6958]);
    const rowSum = (i: number) => X.data.subarray(i * 784, (i + 1) * 784).reduce((sum, v) => sum + v, 0);
    assert.deepEqual([rowSum(0), rowSum(60000), rowSum(69999)], [27525, 18454, 41833]);
  });

  it('concatenates training and test files and keeps the first n_samples rows', () => {
    const dir = tinyDir();
    const all = loadMnist({ dataDir: dir });
    assert.deepEqual(all.X, { data: Uint8Array.from(TINY_PIXELS), rows: 5, cols: 4 });
    assert.deepEqual(all.y, Int32Array.from([5, 0, 4, 7, 2]));
    assert.deepEqual(all.classes, Int32Array.from([0, 2, 4, 5, 7]));
    assert.equal(all.nTrain, 3);

    const four = loadMnist({ dataDir: dir, n_samples: 4 });
    assert.deepEqual([...four.X.data], TINY_PIXELS.slice(0, 16));
    assert.deepEqual([...four.y], [5, 0, 4, 7]);
    assert.equal(four.nTrain, 3);
  });

  it('does not read the test files when n_samples fits in the training set', () => {
    const { X, y, nTrain, classes } = loadMnist({ dataDir: tinyDir(['trainImages', 'trainLabels']), n_samples: 2 });
    assert.equal(X.rows, 2);
    assert.deepEqual([...y], [5, 0]);
    assert.deepEqual([...classes], [0, 5]);
    assert.equal(nTrain, 2);
  });

  it('rejects an n_samples that is not a positive int or exceeds the dataset', () => {
    const dir = tinyDir();
    assert.throws(() => loadMnist({ dataDir: dir, n_samples: 0 }), isInvalidParameter('n_samples', /an int in the range \[1, inf\) or null; got 0/));
    assert.throws(() => loadMnist({ dataDir: dir, n_samples: 2.5 }), isInvalidParameter('n_samples', /got 2\.5/));
    assert.throws(() => loadMnist({ dataDir: dir, n_samples: 6 }), isInvalidParameter('n_samples', /must be at most 5, the number of samples in the dataset; got 6/));
  });

  it('rejects files whose shapes do not fit together, naming the file when it is not IDX', () => {
    const dir = tinyDir();
    writeFileSync(join(dir, MNIST_FILE_NAMES.trainLabels), encodeIdx([2], Uint8Array.from([5, 0])));
    assert.throws(() => loadMnist({ dataDir: dir }), (error: unknown) => error instanceof DataError && /MNIST has 3 images but 2 labels/.test(error.message));
    writeFileSync(join(dir, MNIST_FILE_NAMES.trainImages), TINY.trainLabels);
    assert.throws(() => loadMnist({ dataDir: dir }), /MNIST images must be a 3-dimensional IDX array \(n x height x width\); got 3/);
    writeFileSync(join(dir, MNIST_FILE_NAMES.trainImages), 'not idx');
    assert.throws(() => loadMnist({ dataDir: dir }), /train-images-idx3-ubyte: not an IDX file/);
  });
});

describe('fetchMnist', () => {
  /** Images are served gzipped (checked by sha256), labels uncompressed (checked by md5). */
  const served: Record<string, Uint8Array> = {};
  const files = {} as Record<MnistPart, RemoteFile>;
  for (const part of ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const) {
    const gzipped = part.endsWith('Images');
    const name = MNIST_FILE_NAMES[part] + (gzipped ? '.gz' : '');
    served[name] = gzipped ? gzipSync(TINY[part]) : TINY[part];
    const hash = (algorithm: string) => createHash(algorithm).update(served[name]).digest('hex');
    files[part] = gzipped ? { name, sha256: hash('sha256') } : { name, md5: hash('md5') };
  }
  const requests: string[] = [];
  let server: Server;
  let baseUrl: string;

  before(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body = served[(request.url ?? '').replace('/mnist/', '')];
      response.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mnist/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads each file once, gunzips .gz files, and then reads only the cache', async () => {
    const cacheDir = join(scratch, 'cache-ok');
    requests.length = 0;
    const first = await fetchMnist({ baseUrl, cacheDir, files });
    assert.deepEqual([...first.X.data], TINY_PIXELS);
    assert.deepEqual([...first.y], [5, 0, 4, 7, 2]);
    assert.equal(requests.length, 4);
    assert.deepEqual(readdirSync(cacheDir).sort(), Object.keys(served).sort(), 'the cache holds the files as served and no temporary file');

    requests.length = 0;
    const second = await fetchMnist({ baseUrl, cacheDir, files, n_samples: 4 });
    assert.deepEqual(requests, [], 'a valid cache makes no request');
    assert.deepEqual([...second.y], [5, 0, 4, 7]);
  });

  it('refuses a download whose checksum does not match and writes nothing', async () => {
    const cacheDir = join(scratch, 'cache-bad-download');
    const wrong = { ...files, trainLabels: { name: files.trainLabels.name, sha256: 'ab'.repeat(32) } };
    await assert.rejects(
      fetchMnist({ baseUrl, cacheDir, files: wrong }),
      (error: unknown) =>
        error instanceof DataError &&
        /train-labels-idx1-ubyte has sha256 [0-9a-f]{64} but abab.* was expected; nothing was written to the cache/.test(error.message),
    );
    assert.ok(!readdirSync(cacheDir).some((name) => name.startsWith(files.trainLabels.name)));
  });

  it('refuses a cached file whose checksum does not match, without downloading it again', async () => {
    const cacheDir = join(scratch, 'cache-tampered');
    await fetchMnist({ baseUrl: baseUrl.replace(/\/$/, ''), cacheDir, files });
    writeFileSync(join(cacheDir, files.testLabels.name), 'tampered');
    requests.length = 0;
    await assert.rejects(
      fetchMnist({ baseUrl, cacheDir, files }),
      (error: unknown) => error instanceof DataError && /cached file .*t10k-labels-idx1-ubyte has md5 [0-9a-f]{32} but .* was expected; delete it to download it again/.test(error.message),
    );
    assert.deepEqual(requests, []);
  });

  it('reports an HTTP error with the URL', async () => {
    const missing = { ...files, testImages: { name: 'missing.gz', md5: '0'.repeat(32) } };
    await assert.rejects(fetchMnist({ baseUrl, cacheDir: join(scratch, 'cache-404'), files: missing }), /GET http:\/\/127\.0\.0\.1:\d+\/mnist\/missing\.gz failed: HTTP 404/);
  });
});
