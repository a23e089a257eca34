import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname, sep } from 'node:path';

/**
 * The TensorFlow.js backends libs/ml trains on, fastest first: `tensorflow` is the native
 * libtensorflow binding of `@tensorflow/tfjs-node` (an optional dependency that needs a download at
 * install time), `wasm` runs XNNPACK kernels shipped inside `@tensorflow/tfjs-backend-wasm`, `cpu`
 * is plain JavaScript (about 5x slower than wasm here).
 */
export type TensorBackend = 'tensorflow' | 'wasm' | 'cpu';

export const TENSOR_BACKENDS: readonly TensorBackend[] = ['tensorflow', 'wasm', 'cpu'];

/** Environment variable that overrides the caller's preference, e.g. `TFJS_BACKEND=cpu`. */
export const TENSOR_BACKEND_ENV = 'TFJS_BACKEND';

// Module state is per thread: each worker_threads Worker loads its own copy of this module and of
// tfjs, so each thread makes (and keeps) its own choice.
let selection: Promise<TensorBackend> | undefined;
let selected: TensorBackend | undefined;

/**
 * Picks the TensorFlow.js backend once per thread and waits until it is ready; later calls return
 * the first call's choice whatever they prefer, so every model in a process trains on one backend.
 *
 * The backend requested by `TFJS_BACKEND` (or else `preferred`) is tried first, then the others in
 * the order tensorflow, wasm, cpu: a backend that cannot load here is skipped, not an error.
 * Resolves to the backend actually in use.
 */
export function initTensorBackend(preferred?: TensorBackend): Promise<TensorBackend> {
  // An invalid TFJS_BACKEND rejects (and stays rejected) rather than throwing synchronously.
  selection ??= Promise.resolve(preferred)
    .then(candidates)
    .then(selectBackend)
    .then((name) => (selected = name));
  return selection;
}

/** The backend chosen by `initTensorBackend` in this thread, or `undefined` before it has resolved. */
export function tensorBackendName(): TensorBackend | undefined {
  return selected;
}

function candidates(preferred: TensorBackend | undefined): TensorBackend[] {
  const fromEnv = process.env[TENSOR_BACKEND_ENV];
  if (fromEnv !== undefined && fromEnv !== '' && !isTensorBackend(fromEnv)) {
    throw new Error(`${TENSOR_BACKEND_ENV}=${JSON.stringify(fromEnv)} is not a tensor backend; use one of ${TENSOR_BACKENDS.join(', ')}`);
  }
  const first = fromEnv || preferred;
  return first ? [first, ...TENSOR_BACKENDS.filter((name) => name !== first)] : [...TENSOR_BACKENDS];
}

function isTensorBackend(name: string): name is TensorBackend {
  return (TENSOR_BACKENDS as readonly string[]).includes(name);
}

async function selectBackend(names: readonly TensorBackend[]): Promise<TensorBackend> {
  for (const name of names) {
    if (await activate(name)) return name;
  }
  throw new Error(`no TensorFlow.js backend could be initialised (tried ${names.join(', ')})`);
}

async function activate(name: TensorBackend): Promise<boolean> {
  try {
    if (name === 'tensorflow') loadNativeBackend();
    if (name === 'wasm') useBundledWasmBinaries();
    // setBackend resolves false (or throws, if the name was never registered) when initialisation fails.
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Registers the `tensorflow` backend. `@tensorflow/tfjs-node` is optional: it is missing where neither its
 * own install nor scripts/install/tensorflow-native.mjs could provide libtensorflow, so it is
 * required lazily and a failure only means the next backend is used. Loading it also gives it priority in the shared tfjs-core.
 */
function loadNativeBackend(): void {
  // libtensorflow logs CPU-feature notices to stderr at load; keep warnings and errors only.
  process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional package must be loaded at run time, inside a try
  require('@tensorflow/tfjs-node');
}

/**
 * Points the wasm backend at the `.wasm` files inside its own package, so loading works from any
 * working directory and bundled layouts. SIMD is detected by tfjs itself (it is on here);
 * multithreading stays off: tfjs-backend-wasm 4.x disables it under Node (tfjs#3830), its threaded
 * build needs browser Web Workers, and forcing the flag fails here. Parallelism comes from
 * running one backend per worker thread instead.
 */
function useBundledWasmBinaries(): void {
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + sep);
}
