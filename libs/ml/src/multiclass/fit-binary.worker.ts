/**
 * Thread entry of `fitBinaryProblems` (parallel-fit.ts): fits one binary problem per task through
 * the registry and posts back the fitted state. Loaded from its compiled `.js` beside parallel-fit.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EstimatorState, TypedArray } from '../base/estimator';
import { createEstimator } from '../base/registry';
import { initTensorBackend } from '../tensor/backend';
import { problemMatrix, serializeError, type FitBinaryResult, type FitBinaryTask, type FitBinaryWorkerData } from './parallel-fit';

const port = parentPort;
if (port === null) throw new Error('fit-binary.worker.js must run as a worker thread');
const { spec, X, tensorBackend } = workerData as FitBinaryWorkerData;
// tfjs is per thread: pick the caller's backend before the first fit (estimators also ask for one,
// but without a preference they might pick another).
const ready: Promise<unknown> = tensorBackend === null ? Promise.resolve() : initTensorBackend(tensorBackend);

port.on('message', async ({ index, rows, y }: FitBinaryTask) => {
  let result: FitBinaryResult;
  try {
    await ready;
    const estimator = createEstimator(spec);
    await estimator.fit(problemMatrix(X, rows), y);
    result = { index, state: estimator.serialize() };
  } catch (error) {
    result = { index, error: serializeError(error) };
  }
  port.postMessage(result, 'state' in result ? transferableBuffers(result.state) : []);
});

/**
 * The buffers the state's arrays own outright, to move rather than copy. A view into a larger or
 * shared buffer (wasm memory, the shared X) is left to be copied.
 */
function transferableBuffers(state: EstimatorState, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  for (const array of Object.values(state.arrays) as TypedArray[]) {
    const { buffer } = array;
    if (buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === buffer.byteLength) out.add(buffer);
  }
  for (const child of state.children) transferableBuffers(child, out);
  return [...out];
}
