import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { encodeArtifact, isClassifier, labelsOfMaxima, loadMnist, restoreEstimator, type ClassificationDataset, type EstimatorState } from '@mnist-lab/ml';
import sharp from 'sharp';
import { api, fetchAsAdmin, migrate, Stack, useStack, waitFor } from './stack';
import { logistic, scaledRun } from './requests';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small, quick run: its model is all these tests need. */
const run = (C: number) => scaledRun(logistic({ C, max_iter: 3, random_state: 0 }), 1500);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function upload(baseUrl: string, bytes: Uint8Array<ArrayBuffer>): Promise<{ status: number; body: Json }> {
  const response = await fetchAsAdmin(`${baseUrl}/models`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
  return { status: response.status, body: (await response.json()) as Json };
}

async function predictBytes(baseUrl: string, id: string, contentType: string, bytes: Uint8Array<ArrayBuffer>): Promise<{ status: number; body: Json }> {
  const response = await fetchAsAdmin(`${baseUrl}/models/${id}/predict`, { method: 'POST', headers: { 'content-type': contentType }, body: bytes });
  return { status: response.status, body: (await response.json()) as Json };
}

const predictPng = (baseUrl: string, id: string, png: Uint8Array<ArrayBuffer>) => predictBytes(baseUrl, id, 'image/png', png);

describe('models: history, download, upload to another instance, predict', () => {
  const context = useStack(1);
  /** A second instance: its own database, no workers. */
  let other: Stack;
  let mnist: ClassificationDataset;
  const models: Json[] = [];
  let artifact: Uint8Array<ArrayBuffer>;

  const instances = (start: number, count: number) =>
    Array.from({ length: count }, (_, i) => Array.from(mnist.X.data.subarray((start + i) * 784, (start + i + 1) * 784)));

  before(async () => {
    const otherDatabase = await context.services.createDatabase();
    migrate(otherDatabase);
    other = await new Stack({ ...context.services, databaseUrl: otherDatabase }).start(0);
    mnist = loadMnist({ n_samples: 3000 });

    for (const C of [1, 0.001]) {
      const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', run(C));
      assert.equal(submitted.status, 202);
      const finished = await waitFor(
        async () => (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${submitted.body['id']}`)).body,
        (body) => body['status'] === 'succeeded' || body['status'] === 'failed',
        120_000,
        `run ${submitted.body['id']}`,
      );
      assert.equal(finished['status'], 'succeeded', finished['error']);
      models.push({ run: finished, id: finished['model']['id'] });
    }
  });

  after(async () => {
    await other?.stop();
  });

  it('lists the model of every succeeded run, newest first, with cursor pagination', async () => {
    const list = await api<Json>(context.stack.baseUrl, 'GET', '/models');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body['items'].map((model: Json) => model['id']),
      [models[1]['id'], models[0]['id']],
    );
    const [newest] = list.body['items'];
    assert.equal(newest['run_id'], models[1]['run']['id']);
    assert.equal(newest['model_type'], 'logistic_regression');
    assert.equal(newest['dataset'], 'mnist_784');
    assert.equal(newest['format_version'], 1);
    assert.equal(newest['test_accuracy'], models[1]['run']['metrics']['test']['accuracy']);
    assert.equal(newest['size_bytes'], models[1]['run']['model']['size_bytes']);
    assert.match(newest['sha256'], /^[0-9a-f]{64}$/);

    const first = await api<Json>(context.stack.baseUrl, 'GET', '/models?limit=1');
    assert.equal(first.body['items'][0]['id'], models[1]['id']);
    const second = await api<Json>(context.stack.baseUrl, 'GET', `/models?limit=1&cursor=${first.body['next_cursor']}`);
    assert.equal(second.body['items'][0]['id'], models[0]['id']);
    assert.equal(second.body['next_cursor'], null);
  });

  it('sorts by test accuracy and filters by model type, dataset and accuracy range', async () => {
    const best = await api<Json>(context.stack.baseUrl, 'GET', '/models?sort=test_accuracy');
    const accuracies: number[] = best.body['items'].map((model: Json) => model['test_accuracy']);
    assert.equal(accuracies.length, 2);
    assert.deepEqual(accuracies, [...accuracies].sort((a, b) => b - a));

    const [high, low] = [Math.max(...accuracies), Math.min(...accuracies)];
    const atLeast = await api<Json>(context.stack.baseUrl, 'GET', `/models?min_test_accuracy=${high}`);
    assert.ok(atLeast.body['items'].length >= 1);
    assert.ok(atLeast.body['items'].every((model: Json) => model['test_accuracy'] >= high));
    const atMost = await api<Json>(context.stack.baseUrl, 'GET', `/models?max_test_accuracy=${low}`);
    assert.ok(atMost.body['items'].length >= 1);
    assert.ok(atMost.body['items'].every((model: Json) => model['test_accuracy'] <= low));
    const none = await api<Json>(context.stack.baseUrl, 'GET', `/models?min_test_accuracy=${Math.min(1, high + 0.001)}&max_test_accuracy=1`);
    assert.equal(none.body['items'].length, high === 1 ? 2 : 0);

    assert.equal((await api<Json>(context.stack.baseUrl, 'GET', '/models?model_type=logistic_regression&dataset=mnist_784')).body['items'].length, 2);
    assert.equal((await api<Json>(context.stack.baseUrl, 'GET', '/models?model_type=random_forest')).body['items'].length, 0);
    assert.equal((await api<Json>(context.stack.baseUrl, 'GET', '/models?dataset=cifar10')).body['items'].length, 0);

    for (const query of ['sort=size', 'limit=0', 'min_test_accuracy=2', 'max_test_accuracy=x', 'cursor=bogus']) {
      assert.equal((await api(context.stack.baseUrl, 'GET', `/models?${query}`)).status, 400, query);
    }
  });

  it("shows a model's metadata and its artifact header", async () => {
    const { status, body } = await api<Json>(context.stack.baseUrl, 'GET', `/models/${models[0]['id']}`);
    assert.equal(status, 200);
    assert.equal(body['run_id'], models[0]['run']['id']);
    for (const key of ['id', 'model_type', 'dataset', 'format_version', 'size_bytes', 'sha256', 'created_at', 'test_accuracy']) assert.ok(key in body, key);
    const header = body['header'];
    assert.equal(header['format_version'], 1);
    assert.match(header['created_at'], /^\d{4}-\d\d-\d\dT/);
    assert.equal(header['library']['name'], '@mnist-lab/ml');
    assert.equal(header['estimator']['type'], 'pipeline');
    assert.equal(header['estimator']['params']['steps'][1][1]['params']['C'], 1);
    assert.deepEqual(header['classes'], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(header['metadata']['dataset'], 'mnist_784');
    assert.deepEqual(header['metadata']['split'], { test_size: 0.2, random_state: 42, stratify: false });
    assert.equal(header['metadata']['metrics']['test_accuracy'], body['test_accuracy']);
    assert.equal(header['metadata']['tensor_backend'], models[0]['run']['tensor_backend']);

    assert.equal((await api(context.stack.baseUrl, 'GET', '/models/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await api(context.stack.baseUrl, 'GET', '/models/not-a-uuid')).status, 400);
  });

  it('downloads the artifact with its recorded size, sha256 as ETag and a file name', async () => {
    const { body: model } = await api<Json>(context.stack.baseUrl, 'GET', `/models/${models[0]['id']}`);
    const response = await fetchAsAdmin(`${context.stack.baseUrl}/models/${model['id']}/artifact`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.equal(response.headers.get('content-length'), String(model['size_bytes']));
    assert.equal(response.headers.get('etag'), `"${model['sha256']}"`);
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="logistic_regression-${model['id'].slice(0, 8)}.mnlab"`);
    artifact = new Uint8Array(await response.arrayBuffer());
    assert.equal(artifact.length, model['size_bytes']);
    assert.equal(sha256(artifact), model['sha256']);
    assert.equal((await fetchAsAdmin(`${context.stack.baseUrl}/models/00000000-0000-4000-8000-000000000000/artifact`)).status, 404);
  });

  it('moves a model to another instance, which predicts the same', async () => {
    const source = (await api<Json>(context.stack.baseUrl, 'GET', `/models/${models[0]['id']}`)).body;
    const created = await upload(other.baseUrl, artifact);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.notEqual(created.body['id'], source['id']);
    assert.equal(created.body['run_id'], null);
    for (const key of ['sha256', 'size_bytes', 'model_type', 'dataset', 'test_accuracy', 'format_version']) assert.equal(created.body[key], source[key], key);
    assert.deepEqual(created.body['header']['estimator'], source['header']['estimator']);

    // The same bytes again, raw or as a multipart form: the model already stored.
    const again = await upload(other.baseUrl, artifact);
    assert.equal(again.status, 200);
    assert.equal(again.body['id'], created.body['id']);
    const form = new FormData();
    form.append('file', new Blob([artifact]), 'model.mnlab');
    const multipart = await fetchAsAdmin(`${other.baseUrl}/models`, { method: 'POST', body: form });
    assert.equal(multipart.status, 200);
    assert.equal(((await multipart.json()) as Json)['id'], created.body['id']);
    assert.equal((await api<Json>(other.baseUrl, 'GET', '/models')).body['items'].length, 1);

    const body = { instances: instances(2000, 50) };
    const here = await api<Json>(context.stack.baseUrl, 'POST', `/models/${source['id']}/predict`, body);
    const there = await api<Json>(other.baseUrl, 'POST', `/models/${created.body['id']}/predict`, body);
    assert.equal(here.status, 200);
    assert.equal(there.status, 200);
    assert.equal(there.body['model_id'], created.body['id']);
    assert.deepEqual(there.body['classes'], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(there.body['predictions'].length, 50);
    assert.deepEqual(there.body['predictions'], here.body['predictions']);
    const correct = here.body['predictions'].filter((p: Json, i: number) => p['label'] === mnist.y[2000 + i]).length;
    assert.ok(correct >= 35, `${correct} of 50 correct`);
    // The same images as raw bytes (784 per image) give the same answer.
    const bytes = mnist.X.data.slice(2000 * 784, 2050 * 784);
    const binary = await predictBytes(other.baseUrl, created.body['id'], 'application/octet-stream', bytes);
    assert.equal(binary.status, 200, JSON.stringify(binary.body));
    assert.deepEqual(binary.body['predictions'], there.body['predictions']);
    const [first] = here.body['predictions'];
    const total = Object.values<number>(first['probabilities']).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-4, `probabilities sum to ${total}`);
    assert.equal(first['label'], Number(Object.entries<number>(first['probabilities']).sort((a, b) => b[1] - a[1])[0][0]));
  });

  it('answers with int32 labels then float32 probabilities on Accept: application/octet-stream, JSON otherwise', async () => {
    const id = models[0]['id'];
    const url = `${context.stack.baseUrl}/models/${id}/predict`;
    const bytes = mnist.X.data.slice(2200 * 784, 2230 * 784);
    const ask = (accept: string | null, contentType = 'application/octet-stream', body: Uint8Array<ArrayBuffer> | string = bytes) =>
      fetchAsAdmin(url, { method: 'POST', headers: { 'content-type': contentType, ...(accept === null ? {} : { accept }) }, body });

    // JSON stays the default, for no Accept, */* and application/json alike.
    const json = (await (await ask(null)).json()) as Json;
    assert.deepEqual(Object.keys(json), ['model_id', 'classes', 'predictions']);
    assert.deepEqual(Object.keys(json['predictions'][0]), ['label', 'probabilities']);
    for (const accept of ['*/*', 'application/json']) {
      const response = await ask(accept);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(await response.json(), json, accept);
    }

    for (const accept of ['application/octet-stream', 'application/json;q=0.5, application/octet-stream']) {
      const response = await ask(accept);
      assert.equal(response.status, 200, accept);
      assert.equal(response.headers.get('content-type'), 'application/octet-stream');
      assert.equal(response.headers.get('x-classes'), '0,1,2,3,4,5,6,7,8,9');
      assert.equal(response.headers.get('x-instances'), '30');
      const body = Buffer.from(await response.arrayBuffer());
      assert.equal(body.length, 30 * 4 + 30 * 10 * 4);
      assert.equal(Number(response.headers.get('content-length')), body.length);
      json['predictions'].forEach((prediction: Json, i: number) => {
        assert.equal(body.readInt32LE(4 * i), prediction['label'], `label ${i}`);
        for (let k = 0; k < 10; k++) assert.equal(body.readFloatLE(4 * 30 + 4 * (10 * i + k)), prediction['probabilities'][String(k)], `probability ${i}, ${k}`);
      });
    }

    // JSON instances and PNGs can be answered in binary as well.
    const fromJson = await ask('application/octet-stream', 'application/json', JSON.stringify({ instances: instances(2200, 2) }));
    assert.equal(fromJson.headers.get('x-instances'), '2');
    assert.deepEqual(Buffer.from(await fromJson.arrayBuffer()).readInt32LE(4), json['predictions'][1]['label']);
    const png = await sharp(Buffer.from(bytes.subarray(0, 784)), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();
    const fromPng = await ask('application/octet-stream', 'image/png', new Uint8Array(png));
    assert.equal(fromPng.status, 200);
    assert.equal((await fromPng.arrayBuffer()).byteLength, 4 + 10 * 4);

    // Nothing acceptable: 406, before the body is looked at; errors are JSON whatever the Accept.
    const notAcceptable = await ask('text/html');
    assert.equal(notAcceptable.status, 406);
    assert.match(((await notAcceptable.json()) as Json)['message'], /application\/json or application\/octet-stream; got Accept: "text\/html"/);
    const partial = await ask('application/octet-stream', 'application/octet-stream', bytes.slice(0, 784 + 3));
    assert.equal(partial.status, 400);
    assert.equal(((await partial.json()) as Json)['field'], 'body');
  });

  it('rejects tampered, truncated, future-version and non-artifact uploads with the reason', async () => {
    const tampered = artifact.slice();
    tampered[tampered.length - 100] ^= 0xff;
    const futureVersion = artifact.slice();
    new DataView(futureVersion.buffer).setUint32(8, 2, true);
    const cases: [string, Uint8Array<ArrayBuffer>, RegExp][] = [
      ['tampered', tampered, /payload is corrupted or was modified/],
      ['truncated in the payload', artifact.subarray(0, artifact.length - 1000), /truncated: the payload should have \d+ bytes but has \d+/],
      ['truncated in the header', artifact.subarray(0, 100), /truncated: the header declares/],
      ['future version', futureVersion, /format version 2 is newer than this library reads \(up to 1\)/],
      ['not an artifact', new TextEncoder().encode('%PDF-1.7 this is not a model'), /not a model artifact/],
      ['empty', new Uint8Array(0), /not a model artifact/],
    ];
    for (const [name, bytes, reason] of cases) {
      const response = await upload(other.baseUrl, bytes);
      assert.equal(response.status, 400, name);
      assert.match(response.body['message'], reason, name);
    }
    const wrongType = await fetchAsAdmin(`${other.baseUrl}/models`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(wrongType.status, 415);
    assert.equal((await api<Json>(other.baseUrl, 'GET', '/models')).body['items'].length, 1, 'nothing stored');
  });

  it('rejects predict requests with wrong shapes or values, naming the field', async () => {
    const url = `/models/${models[0]['id']}/predict`;
    const good = instances(0, 5);
    const withPixel = (value: unknown) => {
      const rows: unknown[][] = structuredClone(good);
      rows[3][17] = value;
      return { instances: rows };
    };
    const cases: [string, unknown, string, RegExp][] = [
      ['pixel above 255', withPixel(256), 'instances[3][17]', /must be an integer in \[0, 255\]; got 256/],
      ['negative pixel', withPixel(-3), 'instances[3][17]', /got -3/],
      ['fractional pixel', withPixel(0.5), 'instances[3][17]', /got 0.5/],
      ['string pixel', withPixel('7'), 'instances[3][17]', /got "7"/],
      ['short instance', { instances: [good[0], good[1], good[2], good[3].slice(0, 783)] }, 'instances[3]', /must be a list of 784 values \(model .* has 784 byte features, a 28x28 image row by row\); got 783 values/],
      ['flat list', { instances: good[0] }, 'instances[0]', /must be a list of 784/],
      ['no instances', { instances: [] }, 'instances', /at least one/],
      ['missing instances', { pixels: good }, 'pixels', /unknown field/],
    ];
    for (const [name, body, field, message] of cases) {
      const response = await api<Json>(context.stack.baseUrl, 'POST', url, body);
      assert.equal(response.status, 400, name);
      assert.equal(response.body['field'], field, name);
      assert.match(response.body['message'], message, name);
    }
    for (const [name, length, message] of [
      ['a partial image', 784 * 2 + 5, /whole instances of 784 bytes each \(model .*\); got 1573 bytes \(2 instances and 5 bytes over\)/],
      ['no bytes', 0, /is empty/],
    ] as const) {
      const response = await predictBytes(context.stack.baseUrl, models[0]['id'], 'application/octet-stream', new Uint8Array(length));
      assert.equal(response.status, 400, name);
      assert.equal(response.body['field'], 'body', name);
      assert.match(response.body['message'], message, name);
    }
    const tooMany = await predictBytes(context.stack.baseUrl, models[0]['id'], 'application/octet-stream', new Uint8Array(20_001 * 784));
    assert.equal(tooMany.status, 413);
    const text = await fetchAsAdmin(`${context.stack.baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '1,2,3' });
    assert.equal(text.status, 415);
    const notPng = await predictPng(context.stack.baseUrl, models[0]['id'], new TextEncoder().encode('GIF89a'));
    assert.equal(notPng.status, 400);
    assert.match(notPng.body['message'], /not a PNG/);
    const tooLarge = await predictPng(context.stack.baseUrl, models[0]['id'], new Uint8Array(33 * 1024 * 1024));
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.body['message'], /larger than the limit of 32 MB/);
    assert.equal((await api(context.stack.baseUrl, 'POST', '/models/00000000-0000-4000-8000-000000000000/predict', { instances: good })).status, 404);
  });

  it('predicts a PNG of a digit, black on white and 4x larger, as MNIST preprocessing would see it', async () => {
    const id = models[0]['id'];
    const start = 2100;
    const count = 20;
    const json = await api<Json>(context.stack.baseUrl, 'POST', `/models/${id}/predict`, { instances: instances(start, count) });
    let agree = 0;
    for (let i = 0; i < count; i++) {
      const pixels = mnist.X.data.subarray((start + i) * 784, (start + i + 1) * 784);
      const png = await sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } }).resize(112, 112).negate().png().toBuffer();
      const response = await predictPng(context.stack.baseUrl, id, new Uint8Array(png));
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body['predictions'].length, 1);
      assert.equal(response.body['image']['inverted'], true);
      assert.equal(response.body['image']['width'], 112);
      assert.equal(response.body['image']['pixels'].length, 784);
      if (response.body['predictions'][0]['label'] === json.body['predictions'][i]['label']) agree++;
    }
    assert.ok(agree >= 0.75 * count, `the PNG and the original pixels got the same label for ${agree} of ${count} digits`);
  });
});

describe('models: served labels are predict\'s', () => {
  const context = useStack(0);

  it("serves a one-vs-one model's predict labels, also where they are not its most probable class", async () => {
    // Three classes, pair (i, j) deciding on pixel i + j - 1: for these pixels the pairs' votes and
    // the coupled probabilities pick different classes, so labels that were the argmax of the
    // probabilities would not match predict (or the run's reported accuracy).
    const binary = (pixel: number): EstimatorState => {
      const coef = new Float32Array(2 * 784);
      coef[784 + pixel] = 0.05;
      return { type: 'logistic_regression', params: {}, attributes: { n_features_in_: 784 }, arrays: { coef, intercept: Float32Array.of(0, -6.4), classes: Int32Array.of(0, 1) }, children: [] };
    };
    const state: EstimatorState = {
      type: 'one_vs_one',
      params: { estimator: { type: 'logistic_regression' } },
      attributes: { n_features_in_: 784 },
      arrays: { classes: Int32Array.of(0, 1, 2) },
      children: [binary(0), binary(1), binary(2)],
    };
    const local = restoreEstimator(state);
    assert.ok(isClassifier(local));
    const rows = [[74, 201, 72], [228, 77, 182], [157, 71, 241], [10, 10, 10], [250, 250, 250]];
    const bytes = new Uint8Array(rows.length * 784);
    rows.forEach((pixels, i) => bytes.set(pixels, i * 784));
    const X = { data: bytes, rows: rows.length, cols: 784 };
    const labels = Array.from(local.predict(X));
    const mostProbable = Array.from(labelsOfMaxima(local.predictProba(X).data, local.classes_, 'first'));
    assert.ok(labels.some((label, i) => label !== mostProbable[i]), 'the fixture must have rows where votes and probabilities disagree');

    const created = await upload(context.stack.baseUrl, encodeArtifact(state));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const json = await predictBytes(context.stack.baseUrl, created.body['id'], 'application/octet-stream', bytes);
    assert.equal(json.status, 200, JSON.stringify(json.body));
    assert.deepEqual(json.body['predictions'].map((p: Json) => p['label']), labels);
    const response = await fetchAsAdmin(`${context.stack.baseUrl}/models/${created.body['id']}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' },
      body: bytes,
    });
    assert.equal(response.status, 200);
    const body = Buffer.from(await response.arrayBuffer());
    assert.deepEqual(Array.from({ length: rows.length }, (_, i) => body.readInt32LE(4 * i)), labels);
  });
});
