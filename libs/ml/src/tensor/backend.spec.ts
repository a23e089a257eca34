import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { initTensorBackend, tensorBackendName, TENSOR_BACKEND_ENV, type TensorBackend } from './backend';

const modulePath = require.resolve('./backend');

/** Where tfjs-node is not installed (as on machines that cannot download libtensorflow), wasm wins. */
function expectedDefault(): TensorBackend {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return 'tensorflow';
  } catch {
    return 'wasm';
  }
}

/** Runs initTensorBackend(preferred) in a fresh worker thread with TFJS_BACKEND set to `fromEnv`. */
function initInWorker(fromEnv: string | undefined, preferred?: TensorBackend): Promise<string> {
  const env = { ...process.env };
  delete env[TENSOR_BACKEND_ENV];
  if (fromEnv !== undefined) env[TENSOR_BACKEND_ENV] = fromEnv;
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     require(workerData.modulePath).initTensorBackend(workerData.preferred).then(
       (name) => parentPort.postMessage(name),
       (error) => parentPort.postMessage('error: ' + error.message));`,
    { eval: true, env, workerData: { modulePath, preferred } },
  );
  return new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => worker.terminate());
}

describe('initTensorBackend', () => {
  it('picks the fastest backend that loads, once, and reports it', async () => {
    const name = await initTensorBackend();
    assert.equal(name, process.env[TENSOR_BACKEND_ENV] || expectedDefault());
    assert.equal(tensorBackendName(), name);
    assert.equal(tf.getBackend(), name);
    assert.equal(await initTensorBackend(name === 'cpu' ? 'wasm' : 'cpu'), name, 'a later preference does not switch backends');
    assert.deepEqual(Array.from(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 1]))).dataSync()), [3, 3]);
  });

  it('chooses per worker thread, honouring TFJS_BACKEND over the preference', async () => {
    const [fromEnv, preferred, automatic] = await Promise.all([initInWorker('cpu', 'wasm'), initInWorker(undefined, 'cpu'), initInWorker(undefined)]);
    assert.deepEqual([fromEnv, preferred, automatic], ['cpu', 'cpu', expectedDefault()]);
  });

  it('is the backend this machine is set up for (EXPECT_TENSOR_BACKEND, set by the test command in CI)', async (t) => {
    const expected = process.env['EXPECT_TENSOR_BACKEND'];
    if (!expected) return t.skip('EXPECT_TENSOR_BACKEND is not set');
    assert.equal(await initInWorker(undefined), expected);
  });

  it('rejects an unknown TFJS_BACKEND by name', async () => {
    assert.match(await initInWorker('gpu'), /^error: TFJS_BACKEND="gpu" is not a tensor backend; use one of tensorflow, wasm, cpu$/);
  });

  it('finds the wasm binaries from any working directory', () => {
    const script = `require(${JSON.stringify(modulePath)}).initTensorBackend('wasm').then((name) => process.stdout.write(name))`;
    const env = { ...process.env, [TENSOR_BACKEND_ENV]: 'wasm' };
    assert.equal(execFileSync(process.execPath, ['-e', script], { cwd: tmpdir(), env, encoding: 'utf8' }), 'wasm');
  });
});
