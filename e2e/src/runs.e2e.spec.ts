import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { logistic, scaledPipeline, scaledRun } from './requests';
import { api, fetchAsAdmin, startProcess, useStack, waitFor } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const logisticRun = (C: number) => scaledRun(logistic({ C, max_iter: 5, random_state: 0 }), 3000);
const LOGISTIC_RUN = logisticRun(1.0);

describe('runs through api and worker', () => {
  const context = useStack(1);

  const waitForRun = (id: string) =>
    waitFor(
      async () => (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${id}`)).body,
      (run) => run['status'] === 'succeeded' || run['status'] === 'failed',
      120_000,
      `run ${id}`,
    );

  it('reports Postgres and Redis healthy and serves OpenAPI docs', async () => {
    const health = await api<Json>(context.stack.baseUrl, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.equal(health.body['info']['postgres']['status'], 'up');
    assert.equal(health.body['info']['redis']['status'], 'up');
    const docs = await fetch(`${context.stack.baseUrl}/docs`);
    assert.equal(docs.status, 200);
    const openapi = await api<Json>(context.stack.baseUrl, 'GET', '/docs-json');
    assert.ok(openapi.body['paths']['/runs']);
  });

  it('trains a scaled logistic regression end to end and reports train and test metrics', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', LOGISTIC_RUN);
    assert.equal(submitted.status, 202);
    assert.equal(submitted.body['status'], 'queued');
    const run = await waitForRun(submitted.body['id']);
    assert.equal(run['status'], 'succeeded', run['error']);
    assert.match(run['tensor_backend'], /^(tensorflow|wasm|cpu)$/);
    assert.equal(run['spec']['estimator']['params']['steps'][1][1]['params']['C'], 1);
    const { queued_at, started_at, finished_at, fit_seconds, predict_seconds } = run['timings'];
    assert.ok(started_at >= queued_at && finished_at >= started_at, JSON.stringify(run['timings']));
    // Fit and predict both happen between start and finish; the timestamps are whole milliseconds.
    const wallSeconds = (Date.parse(finished_at) - Date.parse(started_at) + 1) / 1000;
    assert.ok(fit_seconds > 0 && predict_seconds > 0, JSON.stringify(run['timings']));
    assert.ok(fit_seconds + predict_seconds <= wallSeconds, `fit ${fit_seconds} s + predict ${predict_seconds} s within ${wallSeconds} s`);
    for (const subset of ['test', 'train']) {
      const metrics = run['metrics'][subset];
      assert.ok(metrics['accuracy'] > 0.8, `${subset} accuracy ${metrics['accuracy']}`);
      const cells = (metrics['confusion_matrix']['matrix'] as number[][]).flat().reduce((a, b) => a + b, 0);
      assert.equal(cells, subset === 'test' ? 600 : 2400);
      assert.equal(metrics['classification_report']['accuracy'], metrics['accuracy']);
      assert.equal(metrics['classification_report']['macro avg']['support'], cells);
    }
    assert.ok(run['model']['size_bytes'] > 0);
    assert.match(run['model']['sha256'], /^[0-9a-f]{64}$/);
  });

  it('records a run whose fit fails with its message', async () => {
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', {
      ...LOGISTIC_RUN,
      n_samples: 12,
      split: { test_size: 0.5, random_state: 0, stratify: true },
    });
    assert.equal(submitted.status, 202);
    const run = await waitForRun(submitted.body['id']);
    assert.equal(run['status'], 'failed');
    assert.match(run['error'], /least populated class/);
    assert.equal(run['metrics'], null);
  });

  it('lists history newest first, by test accuracy, filtered, with cursor pagination', async () => {
    const ids: string[] = [];
    for (const C of [0.001, 0.1]) ids.push((await api<Json>(context.stack.baseUrl, 'POST', '/runs', logisticRun(C))).body['id']);
    for (const id of ids) await waitForRun(id);

    const newest = await api<Json>(context.stack.baseUrl, 'GET', '/runs?limit=2');
    assert.deepEqual(newest.body['items'].map((run: Json) => run['id']), [ids[1], ids[0]]);
    const rest = await api<Json>(context.stack.baseUrl, 'GET', `/runs?limit=2&cursor=${newest.body['next_cursor']}`);
    assert.equal(rest.body['items'].length, 2);
    assert.ok(!rest.body['items'].some((run: Json) => ids.includes(run['id'])));

    const best = await api<Json>(context.stack.baseUrl, 'GET', '/runs?sort=test_accuracy&status=succeeded');
    const accuracies = best.body['items'].map((run: Json) => run['test_accuracy']);
    assert.equal(accuracies.length, 3);
    assert.deepEqual(accuracies, [...accuracies].sort((a, b) => b - a));

    const failed = await api<Json>(context.stack.baseUrl, 'GET', '/runs?status=failed&model_type=logistic_regression&dataset=mnist_784');
    assert.equal(failed.body['items'].length, 1);
    const none = await api<Json>(context.stack.baseUrl, 'GET', '/runs?model_type=random_forest');
    assert.equal(none.body['items'].length, 0);
  });

  describe('rejects bad input with 400 naming the field, storing and enqueuing nothing', () => {
    const cases: [string, Json, string, RegExp][] = [
      ['unknown estimator type', { ...LOGISTIC_RUN, estimator: scaledPipeline({ type: 'svm' }) }, 'estimator.steps[1][1].type', /unknown estimator type "svm"/],
      ['unknown parameter', { ...LOGISTIC_RUN, estimator: scaledPipeline({ type: 'logistic_regression', params: { gamma: 1 } }) }, 'estimator.steps[1][1].params.gamma', /unknown parameter/],
      ['wrong type', { ...LOGISTIC_RUN, estimator: scaledPipeline({ type: 'logistic_regression', params: { C: 'big' } }) }, 'estimator.steps[1][1].params.C', /must be a float/],
      ['out of range', { ...LOGISTIC_RUN, estimator: scaledPipeline({ type: 'logistic_regression', params: { C: -1 } }) }, 'estimator.steps[1][1].params.C', /got -1/],
      ['unknown dataset', { ...LOGISTIC_RUN, dataset: 'cifar10' }, 'dataset', /unknown dataset "cifar10"/],
      ['bad split', { ...LOGISTIC_RUN, split: { test_size: 1.5 } }, 'split.test_size', /must be a float in the range \(0, 1\)/],
      ['unknown field', { ...LOGISTIC_RUN, epochs: 3 }, 'epochs', /unknown field/],
      ['missing estimator', { dataset: 'mnist_784' }, 'estimator', /is required/],
    ];
    for (const [name, body, field, message] of cases) {
      it(name, async () => {
        const before = await api<Json>(context.stack.baseUrl, 'GET', '/runs?limit=100');
        const response = await api<Json>(context.stack.baseUrl, 'POST', '/runs', body);
        assert.equal(response.status, 400);
        assert.equal(response.body['field'], field);
        assert.match(response.body['message'], message);
        const afterList = await api<Json>(context.stack.baseUrl, 'GET', '/runs?limit=100');
        assert.equal(afterList.body['items'].length, before.body['items'].length);
      });
    }

    it('malformed JSON', async () => {
      const response = await fetchAsAdmin(`${context.stack.baseUrl}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dataset": ' });
      assert.equal(response.status, 400);
    });

    it('enqueues nothing for rejected runs', async () => {
      const connection = new Redis(context.services.redisUrl, { maxRetriesPerRequest: null });
      const queue = new Queue('runs', { connection, prefix: context.services.queuePrefix });
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      await queue.close();
      connection.disconnect();
      const jobs = Object.values(counts).reduce((a, b) => a + b, 0);
      const runs = await api<Json>(context.stack.baseUrl, 'GET', '/runs?limit=100');
      assert.equal(jobs, runs.body['items'].length);
    });

    it('rejects bad query parameters and ids', async () => {
      // Every error has one shape, {error, message, field?}, whichever layer refused the request.
      assert.deepEqual(await api(context.stack.baseUrl, 'GET', '/runs?limit=0'), {
        status: 400,
        body: { error: 'invalid_parameter', message: 'limit: limit must not be less than 1', field: 'limit' },
      });
      assert.equal((await api(context.stack.baseUrl, 'GET', '/runs?sort=name')).status, 400);
      assert.deepEqual(await api(context.stack.baseUrl, 'GET', '/runs?cursor=bogus'), {
        status: 400,
        // A listing's query parameters are refused as the filter language's are: with a position and what was expected.
        body: { error: 'invalid_query', message: 'cursor: is not a cursor returned by this API', field: 'cursor', position: 0, expected: ['next_cursor of the previous page'] },
      });
      assert.deepEqual(await api(context.stack.baseUrl, 'GET', '/runs/not-a-uuid'), {
        status: 400,
        body: { error: 'bad_request', message: 'Validation failed (uuid is expected)' },
      });
      assert.deepEqual(await api(context.stack.baseUrl, 'GET', '/runs/00000000-0000-4000-8000-000000000000'), {
        status: 404,
        body: { error: 'not_found', message: 'run 00000000-0000-4000-8000-000000000000 does not exist' },
      });
    });
  });

  it('refuses to start with a bad environment variable and names it', async () => {
    const api = startProcess('api', { ...context.stack.env(), PORT: 'eighty' });
    const code = await api.exited;
    assert.notEqual(code, 0);
    assert.match(api.output(), /PORT must be an integer between 1 and 65535 \(got "eighty"\)/);
  });
});
