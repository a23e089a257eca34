import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { encodeIdx, isClassifier, loadModel, matrix, type Classifier, type Matrix } from '@mnist-lab/ml';
import { api, fetchAsAdmin, type ProcessHandle, startProcess, TEST_ADMIN_KEY, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MAX_BYTES = 64 * 1024;
const cacheRoot = mkdtempSync(join(tmpdir(), 'datasets-e2e-'));
after(() => rmSync(cacheRoot, { recursive: true, force: true }));

/**
 * A tabular CSV of real values: 300 rows, 3 classes, 5 features on scales from 1e-3 to 1e4, one of
 * them negated, each row its class's centre plus deterministic noise that makes the classes overlap a little.
 */
function floatTable(): { text: string; X: Float32Array; y: Int32Array } {
  const scales = [1e-3, 1, 1e3, -50, 1e4];
  const n = 300;
  const X = new Float32Array(n * scales.length);
  const y = new Int32Array(n);
  const lines = ['f0,f1,label,f2,f3,f4'];
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    const values = scales.map((scale, f) => scale * (2 * (y[i] - 1) + 2 * Math.sin(i * 12.9898 + f * 78.233) + 0.25));
    X.set(values, i * scales.length);
    lines.push([values[0], values[1], y[i], ...values.slice(2)].join(','));
  }
  return { text: `${lines.join('\n')}\n`, X, y };
}

/**
 * 120 images of 4 x 4 pixels in three classes a forest tells apart: class c lights row c, with
 * a little deterministic noise elsewhere.
 */
function tinyDigits(): { images: Uint8Array; labels: Uint8Array } {
  const n = 120;
  const pixels = new Uint8Array(n * 16);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    labels[i] = label;
    for (let p = 0; p < 16; p++) pixels[i * 16 + p] = Math.floor(p / 4) === label ? 200 + (i % 50) : (i * 7 + p * 13) % 40;
  }
  return { images: encodeIdx([n, 4, 4], pixels), labels: encodeIdx([n], labels) };
}

const TINY = tinyDigits();

type FormPart = string | { readonly bytes: Uint8Array; readonly filename: string };

async function upload(baseUrl: string, parts: Record<string, FormPart>): Promise<{ status: number; body: Json }> {
  const form = new FormData();
  for (const [name, part] of Object.entries(parts)) {
    if (typeof part === 'string') form.set(name, part);
    else form.set(name, new Blob([Buffer.from(part.bytes)]), part.filename);
  }
  const response = await fetchAsAdmin(`${baseUrl}/datasets`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Json };
}

const file = (bytes: Uint8Array | string, filename = 'file') => ({ bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes, filename });
const idx = (name: string, images: Uint8Array, labels: Uint8Array) => ({ name, format: 'idx', images: file(images, 'images'), labels: file(labels, 'labels') });
const csv = (name: string, text: string, labelColumn = 'label') => ({ name, format: 'csv', data: file(text, 'data.csv'), label_column: labelColumn });

const forestRun = (dataset: string) => ({
  dataset,
  split: { test_size: 0.25, random_state: 0 },
  estimator: { type: 'random_forest', params: { n_estimators: 10, random_state: 0 } },
});

describe('datasets registered through the api', () => {
  // The api has a cache of its own (for drawing images); each worker below gets a fresh one.
  const context = useStack(0, { DATASET_CACHE_DIR: join(cacheRoot, 'api'), DATASET_MAX_BYTES: String(MAX_BYTES), WORKER_METRICS_PORT: '0' });
  const baseUrl = () => context.stack.baseUrl;

  async function storedCounts(): Promise<{ datasets: number; chunks: number }> {
    const client = new Client({ connectionString: context.services.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT (SELECT count(*) FROM datasets)::int AS datasets, (SELECT count(*) FROM dataset_chunks)::int AS chunks');
      return rows[0] as { datasets: number; chunks: number };
    } finally {
      await client.end();
    }
  }

  function startWorker(cacheDir: string): ProcessHandle {
    const worker = startProcess('worker', { ...context.stack.env(), DATASET_CACHE_DIR: cacheDir });
    context.stack.workers.push(worker);
    return worker;
  }

  async function stopWorker(worker: ProcessHandle): Promise<void> {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }

  /** Models trained by the tests below, for the prediction test at the end: the run, and its artifact loaded here. */
  const trained: { what: string; dataset: 'tiny_digits' | 'float_table'; run: Json; local: Classifier }[] = [];

  async function downloadedModel(run: Json): Promise<Classifier> {
    const artifact = new Uint8Array(await (await fetchAsAdmin(`${baseUrl()}/models/${run['model']['id']}/artifact`)).arrayBuffer());
    const model = loadModel(artifact);
    assert.ok(isClassifier(model));
    return model;
  }

  async function trainedRun(dataset: string, body: Json = forestRun(dataset)): Promise<Json> {
    const submitted = await api<Json>(baseUrl(), 'POST', '/runs', body);
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const worker = context.stack.workers[context.stack.workers.length - 1];
    return waitFor(
      async () => (await api<Json>(baseUrl(), 'GET', `/runs/${submitted.body['id']}`)).body,
      (run) => run['status'] === 'succeeded' || run['status'] === 'failed',
      120_000,
      `run ${submitted.body['id']}`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker output:\n${worker?.output().slice(-3000)}`);
    });
  }

  it('registers an IDX upload, describes it, draws its images and lists it with mnist_784', async () => {
    const created = await upload(baseUrl(), idx('tiny_digits', gzipSync(TINY.images), TINY.labels));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const described = await api<Json>(baseUrl(), 'GET', '/datasets/tiny_digits');
    assert.equal(described.status, 200);
    const { sha256, size_bytes, created_at, ...summary } = described.body;
    assert.deepEqual(summary, {
      name: 'tiny_digits',
      description: null,
      project: 'default',
      created_by: { key_id: 'env:admin', name: 'ADMIN_API_KEY' },
      n_samples: 120,
      n_features: 16,
      image_shape: [4, 4],
      classes: [{ label: 0, count: 40 }, { label: 1, count: 40 }, { label: 2, count: 40 }],
      min: 0,
      max: 249,
      mean: summary['mean'],
      nan_count: 0,
    });
    assert.ok(summary['mean'] > 40 && summary['mean'] < 100, `mean ${summary['mean']}`);
    assert.match(sha256, /^[0-9a-f]{64}$/);
    assert.ok(size_bytes > 120 * 16 + 120 * 4 && !Number.isNaN(Date.parse(created_at)));

    const again = await upload(baseUrl(), idx('tiny_digits', TINY.images, gzipSync(TINY.labels)));
    assert.equal(again.status, 200, 'the same content again, compressed differently, is the same dataset');
    assert.equal(again.body['sha256'], sha256);

    const png = await fetchAsAdmin(`${baseUrl()}/datasets/tiny_digits/images/3.png?scale=2`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.equal((await api<Json>(baseUrl(), 'GET', '/datasets/tiny_digits/images/120.png')).status, 400);

    const listed = await api<Json[]>(baseUrl(), 'GET', '/datasets');
    assert.deepEqual(listed.body.map((dataset) => dataset['name']), ['mnist_784', 'tiny_digits']);
    const mnist = listed.body.find((dataset) => dataset['name'] === 'mnist_784') as Json;
    assert.deepEqual([mnist['n_samples'], mnist['n_features'], mnist['image_shape']], [70000, 784, [28, 28]]);
  });

  it('refuses an unknown dataset in runs and sweeps with a 400 that lists the known ones', async () => {
    const run = await api<Json>(baseUrl(), 'POST', '/runs', forestRun('fashion'));
    assert.equal(run.status, 400);
    assert.equal(run.body['field'], 'dataset');
    assert.match(run.body['message'], /unknown dataset "fashion"; known datasets are: mnist_784, tiny_digits/);
    const sweep = await api<Json>(baseUrl(), 'POST', '/sweeps', {
      ...forestRun('fashion'),
      param_distributions: { n_estimators: [5, 10] },
      n_iter: 2,
      cv: 2,
    });
    assert.equal(sweep.status, 400);
    assert.match(sweep.body['message'], /known datasets are: mnist_784, tiny_digits/);
    const tooMany = await api<Json>(baseUrl(), 'POST', '/runs', { ...forestRun('tiny_digits'), n_samples: 121 });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body['field'], 'n_samples');
  });

  it('trains on it on a worker with an empty cache (miss), then from the cache (hit), and re-fetches a corrupt cache file', async () => {
    const cacheDir = join(cacheRoot, 'fresh-worker');
    const first = startWorker(cacheDir);
    const run = await trainedRun('tiny_digits');
    assert.equal(run['status'], 'succeeded', run['error']);
    assert.ok(run['metrics']['test']['accuracy'] > 0.9, `test accuracy ${run['metrics']['test']['accuracy']}`);
    assert.match(first.output(), /dataset cache miss: tiny_digits/);
    trained.push({ what: 'random_forest', dataset: 'tiny_digits', run, local: await downloadedModel(run) });
    const [cached] = readdirSync(cacheDir);
    const { sha256 } = (await api<Json>(baseUrl(), 'GET', '/datasets/tiny_digits')).body;
    assert.equal(cached, `${sha256}.dataset`);
    await stopWorker(first);

    const second = startWorker(cacheDir);
    assert.equal((await trainedRun('tiny_digits'))['status'], 'succeeded');
    assert.match(second.output(), /dataset cache hit: tiny_digits/);
    assert.doesNotMatch(second.output(), /dataset cache miss/);
    await stopWorker(second);

    // A bit flipped inside the file, then a file cut short: each is fetched again.
    for (const damage of ['corrupt', 'partial'] as const) {
      const path = join(cacheDir, cached);
      const bytes = new Uint8Array(readFileSync(path));
      if (damage === 'corrupt') bytes[bytes.length - 100] ^= 0xff;
      writeFileSync(path, damage === 'corrupt' ? bytes : bytes.subarray(0, bytes.length - 10));
      const worker = startWorker(cacheDir);
      assert.equal((await trainedRun('tiny_digits'))['status'], 'succeeded');
      assert.match(worker.output(), /dataset cache refetch: tiny_digits/);
      await stopWorker(worker);
    }
  });

  it('refuses every bad upload with its status, and stores nothing', async () => {
    const before = await storedCounts();
    const withHeight = (height: number) => {
      const images = Uint8Array.from(TINY.images);
      new DataView(images.buffer).setUint32(8, height);
      return images;
    };
    const gzipped = gzipSync(TINY.images);
    const cases: [string, Record<string, FormPart>, number, RegExp][] = [
      ['wrong IDX magic', idx('bad_magic', Buffer.from('P5 4 4 255 not idx at all'), TINY.labels), 400, /images: not an IDX file: bad magic number/],
      ['different counts', idx('bad_counts', TINY.images, encodeIdx([119], new Uint8Array(119))), 400, /has 120 images but labels has 119 labels/],
      ['truncated gzip', idx('bad_gzip', gzipped.subarray(0, gzipped.length - 20), TINY.labels), 400, /images: truncated gzip file/],
      ['header declares more than the body', idx('bad_header', withHeight(40), TINY.labels), 400, /120 x 40 x 4 = 19200 data bytes but the file has 1920 \(truncated\)/],
      ['header declares more than DATASET_MAX_BYTES', idx('huge_header', withHeight(400), TINY.labels), 413, /declares 192016 bytes, over the limit of 65536/],
      ['a label outside 0..255', csv('bad_label', 'label,a,b\n1,2,3\n256,4,5\n'), 400, /line 3: label "256" is not an integer in \[0, 255\]/],
      ['rows of different widths', csv('bad_width', 'label,a,b\n1,2,3\n2,4\n'), 400, /data: not a valid CSV file/],
      ['a non-numeric cell', csv('bad_cell', 'label,a,b\n1,2,three\n'), 400, /line 2, column 3: "three" is not a number/],
      ['an unknown label column', csv('bad_column', 'label,a\n1,2\n', 'digit'), 400, /"digit" is not a column of data/],
      ['no format', { name: 'no_format', data: file('label,a\n1,2\n') }, 400, /format: is required/],
      ['a bad name', csv('no spaces please', 'label,a\n1,2\n'), 400, /name: must be 1-64 letters/],
      ['a taken name with other content', idx('tiny_digits', TINY.images, encodeIdx([120], new Uint8Array(120))), 409, /tiny_digits already exists with other content/],
      ['a file over DATASET_MAX_BYTES', idx('too_big', new Uint8Array(MAX_BYTES + 1), TINY.labels), 413, /too large/i],
    ];
    for (const [what, parts, status, message] of cases) {
      const response = await upload(baseUrl(), parts);
      assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body)}`);
      assert.match(response.body['message'], message, what);
      const name = parts['name'];
      if (typeof name === 'string' && name !== 'tiny_digits' && /^[\w.-]+$/.test(name)) {
        assert.equal((await api(baseUrl(), 'GET', `/datasets/${name}`)).status, 404, `${what}: no dataset row`);
      }
    }
    assert.deepEqual(await storedCounts(), before, 'no row in datasets or dataset_chunks');
  });

  it('imports with npm run dataset:import, IDX files and a CSV file, which stays tabular', async () => {
    const dir = mkdtempSync(join(cacheRoot, 'import-'));
    writeFileSync(join(dir, 'images.gz'), gzipSync(TINY.images));
    writeFileSync(join(dir, 'labels'), TINY.labels);
    writeFileSync(join(dir, 'shop.csv'), 'width,digit,weight\n1.5,0,\n2.5,1,7\n3,1,8\n');
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, [resolve(__dirname, '../../tools/dataset-import.mjs'), '--api', baseUrl(), ...args], {
        env: { ...process.env, MNIST_LAB_API_KEY: TEST_ADMIN_KEY },
      });
    const imported = await cli('--name', 'cli_digits', '--images', join(dir, 'images.gz'), '--labels', join(dir, 'labels'));
    assert.match(imported.stdout, /^registered cli_digits: 120 samples of 4 x 4 images, 3 classes, 0 NaN, sha256 [0-9a-f]{64}/);
    const tiny = (await api<Json>(baseUrl(), 'GET', '/datasets/tiny_digits')).body;
    assert.equal((await api<Json>(baseUrl(), 'GET', '/datasets/cli_digits')).body['sha256'], tiny['sha256'], 'same content, same hash');

    const csv = await cli('--name', 'shop_scans', '--csv', join(dir, 'shop.csv'), '--label-column', 'digit');
    assert.match(csv.stdout, /registered shop_scans: 3 samples of 2 features, 2 classes, 1 NaN/);
    const described = (await api<Json>(baseUrl(), 'GET', '/datasets/shop_scans')).body;
    assert.deepEqual([described['image_shape'], described['min'], described['max'], described['nan_count']], [null, 1.5, 8, 1]);
    const image = await api<Json>(baseUrl(), 'GET', '/datasets/shop_scans/images/0.png');
    assert.equal(image.status, 400);
    assert.match(image.body['message'], /shop_scans is tabular/);

    await assert.rejects(cli('--name', 'shop_scans', '--csv', join(dir, 'shop.csv'), '--label-column', 'weight'), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /-> 400: .*label "" is not an integer/);
      return true;
    });
  });

  it('trains forests, a scaled logistic regression and a sweep on float features, whose saved models predict float rows; refuses NaN features', async () => {
    const table = floatTable();
    const created = await upload(baseUrl(), csv('float_table', table.text));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const described = (await api<Json>(baseUrl(), 'GET', '/datasets/float_table')).body;
    assert.deepEqual([described['n_features'], described['image_shape'], described['nan_count']], [5, null, 0]);
    assert.ok(described['min'] < -1e4 && described['max'] > 1e4, `range ${described['min']}..${described['max']}`);

    const worker = startWorker(join(cacheRoot, 'float-worker'));
    const split = { test_size: 0.25, random_state: 0, stratify: true };
    const scaled = (model: Json) => ({ type: 'pipeline', params: { steps: [['scale', { type: 'standard_scaler' }], ['model', model]] } });
    const runs = {
      random_forest: forestRun('float_table').estimator,
      scaled_logistic_regression: scaled({ type: 'logistic_regression', params: { max_iter: 300 } }),
    };
    const everyRow = matrix(table.X, table.y.length, 5);
    for (const [what, estimator] of Object.entries(runs)) {
      const run = await trainedRun('float_table', { dataset: 'float_table', split, estimator });
      assert.equal(run['status'], 'succeeded', `${what}: ${run['error']}`);
      const accuracy = run['metrics']['test']['accuracy'];
      assert.ok(accuracy > 0.8 && accuracy <= 1, `${what}: test accuracy ${accuracy}`);
      // The saved model, as any client downloads it, predicts float rows it was not given as bytes.
      const model = await downloadedModel(run);
      trained.push({ what, dataset: 'float_table', run, local: model });
      const predicted = model.predict(everyRow);
      const correct = predicted.filter((label, i) => label === table.y[i]).length / table.y.length;
      assert.ok(correct >= accuracy - 0.1, `${what}: ${correct} of every row, ${accuracy} of the test rows`);
    }

    const submitted = await api<Json>(baseUrl(), 'POST', '/sweeps', {
      dataset: 'float_table',
      split,
      estimator: scaled({ type: 'random_forest', params: { random_state: 0 } }),
      param_distributions: { model__n_estimators: [5, 15], model__max_depth: [3, null] },
      n_iter: 1,
      cv: 2,
      random_state: 0,
    });
    assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
    const sweep = await waitFor(
      async () => (await api<Json>(baseUrl(), 'GET', `/sweeps/${submitted.body['id']}`)).body,
      (found) => ['succeeded', 'failed', 'cancelled'].includes(found['status']),
      120_000,
      `sweep ${submitted.body['id']}`,
    );
    assert.equal(sweep['status'], 'succeeded', `${sweep['error']}\nworker output:\n${worker.output().slice(-3000)}`);
    assert.equal(sweep['trials'].length, 2);
    for (const trial of sweep['trials']) assert.ok(trial['test_score'] > 0.7, JSON.stringify(trial));
    assert.equal(sweep['refit_run']['status'], 'succeeded');
    await stopWorker(worker);

    // An empty cell is NaN, which no estimator trains on: stored and described, but not trained on.
    assert.equal((await upload(baseUrl(), csv('float_gaps', 'label,a,b\n0,1.5,\n1,,2\n0,2,3\n1,3,4\n'))).status, 201);
    for (const [path, body] of [
      ['/runs', forestRun('float_gaps')],
      ['/sweeps', { ...forestRun('float_gaps'), param_distributions: { n_estimators: [5, 10] }, n_iter: 2, cv: 2 }],
    ] as const) {
      const refused = await api<Json>(baseUrl(), 'POST', path, body);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body['field'], 'dataset');
      assert.match(refused.body['message'], /float_gaps has 2 NaN feature values; training needs finite features/);
    }
  });
  it('predicts with those models through the api: float rows as JSON and as float32 bytes, 4x4 images as 16 bytes each, as the runs did; a wrong width or kind is a 400 naming the field', async () => {
    const table = floatTable();
    const datasets = {
      float_table: { X: matrix(table.X, table.y.length, 5), features: { dtype: 'float32', n_features: 5, image_shape: null } },
      tiny_digits: { X: matrix(TINY.images.subarray(16), 120, 16), features: { dtype: 'uint8', n_features: 16, image_shape: [4, 4] } },
    } as const;
    const predictBody = async (id: string, contentType: string, bytes: Uint8Array) => {
      const response = await fetchAsAdmin(`${baseUrl()}/models/${id}/predict`, { method: 'POST', headers: { 'content-type': contentType }, body: Buffer.from(bytes) });
      return { status: response.status, body: (await response.json()) as Json };
    };
    const rowsOf = (X: Matrix) => Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
    const labelsOf = (response: { status: number; body: Json }, what: string): number[] => {
      assert.equal(response.status, 200, `${what}: ${JSON.stringify(response.body).slice(0, 500)}`);
      return response.body['predictions'].map((prediction: Json) => prediction['label']);
    };
    assert.deepEqual(trained.map(({ what, dataset }) => `${dataset} ${what}`).sort(), ['float_table random_forest', 'float_table scaled_logistic_regression', 'tiny_digits random_forest']);

    for (const { what, dataset, run, local } of trained) {
      const name = `${dataset} ${what}`;
      const id = run['model']['id'];
      const { X, features } = datasets[dataset];
      const model = (await api<Json>(baseUrl(), 'GET', `/models/${id}`)).body;
      assert.deepEqual(model['header']['metadata']['features'], features, `${name}: what the model records it was trained on`);

      const expected = Array.from(local.predict(X));
      const asJson = labelsOf(await api<Json>(baseUrl(), 'POST', `/models/${id}/predict`, { instances: rowsOf(X) }), `${name} JSON`);
      assert.deepEqual(asJson, expected, `${name}: the api predicts every row as the downloaded model does`);
      assert.ok(asJson.every((label) => [0, 1, 2].includes(label)), `${name}: labels are classes`);
      const bytes = new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength);
      const binaryType = features.dtype === 'float32' ? 'application/octet-stream; dtype=float32' : 'application/octet-stream';
      assert.deepEqual(labelsOf(await predictBody(id, binaryType, bytes), `${name} ${binaryType}`), expected, `${name}: ${binaryType} predicts the same`);

      // The run's own predictions of the test rows it got wrong (index: the dataset's row).
      const evaluation = (await api<Json>(baseUrl(), 'GET', `/runs/${run['id']}/evaluation?set=test`)).body;
      for (const sample of evaluation['misclassified']['samples']) assert.equal(asJson[sample['index']], sample['predicted_label'], `${name}: row ${sample['index']}`);

      const width = features.n_features;
      const refusals: [string, Promise<{ status: number; body: Json }>, string, RegExp][] = [
        ['784 values', api<Json>(baseUrl(), 'POST', `/models/${id}/predict`, { instances: [rowsOf(X)[0], new Array(784).fill(0)] }), 'instances[1]', new RegExp(`^instances\\[1\\]: must be a list of ${width} values \\(model ${id} has ${width} `)],
        ['a string value', api<Json>(baseUrl(), 'POST', `/models/${id}/predict`, { instances: [['7', ...rowsOf(X)[0].slice(1)]] }), 'instances[0][0]', /got "7"/],
        ['a partial binary instance', predictBody(id, binaryType, bytes.subarray(0, bytes.length - 1)), 'body', new RegExp(`whole instances of ${bytes.length / X.rows} bytes each .*got ${bytes.length - 1} bytes`)],
        ['the other dtype', predictBody(id, features.dtype === 'float32' ? 'application/octet-stream' : 'application/octet-stream; dtype=float32', bytes), 'content-type', /does not fit model/],
        ['a PNG', predictBody(id, 'image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47])), 'content-type', /image\/png is only for models trained on 28x28 byte images/],
      ];
      if (features.dtype === 'uint8') refusals.push(['a fraction', api<Json>(baseUrl(), 'POST', `/models/${id}/predict`, { instances: [[0.5, ...rowsOf(X)[0].slice(1)]] }), 'instances[0][0]', /must be an integer in \[0, 255\]; got 0.5/]);
      else refusals.push(['a value beyond float32', api<Json>(baseUrl(), 'POST', `/models/${id}/predict`, { instances: [[1e39, ...rowsOf(X)[0].slice(1)]] }), 'instances[0][0]', /finite number in float32 range; got 1e\+39/]);
      for (const [wrong, pending, field, message] of refusals) {
        const response = await pending;
        assert.equal(response.status, 400, `${name}, ${wrong}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body['field'], field, `${name}, ${wrong}`);
        assert.match(response.body['message'], message, `${name}, ${wrong}`);
      }
    }
  });
});
