import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { logistic, scaledRun } from './requests';
import { api, jsonLogLines, useStack, waitFor, type ProcessHandle } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = path.resolve(__dirname, '../..');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** CI sets it to the backend the install provides (tensorflow here); elsewhere the worker's own report is the reference. */
const EXPECTED_BACKEND = process.env['EXPECT_TENSOR_BACKEND'] || null;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

describe('GET /workers: each worker process says what it is', () => {
  const context = useStack(1);
  const workers = async () => (await api<Json>(context.stack.baseUrl, 'GET', '/workers')).body['workers'] as Json[];
  const recordOf = async (handle: ProcessHandle) => (await workers()).find((worker) => worker['pid'] === handle.child.pid);
  const published = (handle: ProcessHandle) => waitFor(() => recordOf(handle), (record) => record?.['tensor_backend'] !== undefined, 60_000, `worker ${handle.child.pid} in GET /workers`);

  it('lists the worker with its build, backends, concurrency and times, and logs JSON with its worker_id', async () => {
    const [worker] = context.stack.workers;
    const record = (await published(worker!))!;
    assert.equal(record['id'], `${hostname()}:${worker!.child.pid}`);
    assert.equal(record['host'], hostname());
    assert.equal(record['version'], VERSION);
    assert.equal(record['commit'], gitCommit());
    assert.equal(record['tensor_backend'], EXPECTED_BACKEND ?? record['tensor_backend']);
    assert.match(record['tensor_backend'], /^(tensorflow|wasm|cpu)$/);
    assert.equal(record['native_kernels'], process.env['MNIST_LAB_NATIVE'] !== '0', 'libs/ml/native is built by the install');
    assert.equal(record['concurrency'], 1);
    assert.deepEqual(record['jobs'], []);
    assert.match(record['started_at'], ISO_TIME);
    assert.match(record['last_seen_at'], ISO_TIME);
    assert.ok(record['last_seen_at'] >= record['started_at']);
    assert.ok(record['rss_bytes'] > 0 && record['cpu_percent'] >= 0, JSON.stringify(record));
    const logs = jsonLogLines(worker!);
    assert.ok(logs.length > 0);
    for (const line of logs) assert.equal(line['worker_id'], record['id'], JSON.stringify(line));
    assert.ok(logs.some((line) => line['level'] === 'info' && /ready: tensor backend/.test(String(line['msg']))));
  });

  it('shows a logistic-regression run as the current job, and the run records the backend the worker reports', async () => {
    const [worker] = context.stack.workers;
    const { tensor_backend: backend } = (await published(worker!))!;
    const submitted = await api<Json>(context.stack.baseUrl, 'POST', '/runs', scaledRun(logistic({ max_iter: 20, random_state: 0 }), 4000));
    assert.equal(submitted.status, 202);
    const runId = submitted.body['id'] as string;
    let seenAsCurrent: Json | undefined;
    const run = await waitFor(
      async () => {
        seenAsCurrent ??= ((await recordOf(worker!))?.['jobs'] as Json[] | undefined)?.find((job) => job['run_id'] === runId);
        return (await api<Json>(context.stack.baseUrl, 'GET', `/runs/${runId}`)).body;
      },
      (body) => body['status'] === 'succeeded' || body['status'] === 'failed',
      120_000,
      `run ${runId}`,
    );
    assert.equal(run['status'], 'succeeded', run['error']);
    assert.ok(seenAsCurrent, 'GET /workers listed the run among the worker\'s jobs while it ran');
    assert.equal(seenAsCurrent['queue'], 'runs');
    assert.equal(seenAsCurrent['sweep_id'], null);
    assert.match(seenAsCurrent['started_at'], ISO_TIME);
    assert.equal(run['tensor_backend'], backend);
    assert.equal(run['tensor_backend'], EXPECTED_BACKEND ?? backend);
    assert.equal(run['worker_id'], (await recordOf(worker!))?.['id']);
    assert.deepEqual((await recordOf(worker!))?.['jobs'], [], 'the job is no longer current once done');
    // Logs written while the job ran carry its ids.
    const jobLines = jsonLogLines(worker!).filter((line) => line['run_id'] === runId);
    assert.ok(jobLines.some((line) => /succeeded/.test(String(line['msg']))), JSON.stringify(jobLines));
    for (const line of jobLines) {
      assert.equal(line['queue'], 'runs');
      assert.equal(line['job_id'], seenAsCurrent['job_id']);
    }
  });

  it('a worker started without native kernels says so in a warning and in GET /workers', async () => {
    const plain = context.stack.addWorker({ MNIST_LAB_NATIVE: '0' });
    const record = (await published(plain))!;
    assert.equal(record['native_kernels'], false);
    const warning = jsonLogLines(plain).find((line) => /running without native kernels/.test(String(line['msg'])));
    assert.equal(warning?.['level'], 'warn', plain.output());
    assert.match(String(warning?.['msg']), /MNIST_LAB_NATIVE=0/);
    assert.equal((await workers()).length, 2);
    plain.child.kill('SIGTERM');
    await plain.exited;
    const gone = await workers();
    assert.ok(!gone.some((worker) => worker['pid'] === plain.child.pid), 'a stopped worker removes its record');
  });
});
