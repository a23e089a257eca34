import { Worker } from 'node:worker_threads';
import { standaloneDatasetStore } from '@mnist-lab/infra';
import { initTensorBackend, nativeAddon, runCvFold, runExperiment, type ExperimentProgress } from '@mnist-lab/ml';
import { DatasetCache } from './dataset-cache';
import type { FitMessage, FitOutcomes, FitTask } from './fit-protocol';

/**
 * A fit process's entry point: one task at a time from the worker that forked it. The fit runs
 * here rather than in a thread of the worker so that whatever it does to memory (V8's heap limit
 * aborts the whole process on some allocations) ends this process only, never the worker, which
 * keeps renewing its job locks on a free event loop meanwhile.
 */
const datasets = new DatasetCache(standaloneDatasetStore((cache) => send({ event: 'datasetCache', cache })));

async function fit(task: FitTask): Promise<FitOutcomes[FitTask['kind']]> {
  if (task.kind === 'experiment') {
    const onProgress = (progress: ExperimentProgress) => send({ progress });
    onProgress({ stage: 'load', fit: null });
    const readStarted = performance.now();
    const dataset = await datasets.get(task.input.datasetName);
    const readSeconds = (performance.now() - readStarted) / 1000;
    const outcome = await runExperiment({ ...task.input, dataset, onProgress });
    // Reading the dataset (from the cache, or fetched) is part of loading, beside the split runExperiment times.
    return { ...outcome, loadSeconds: readSeconds + outcome.loadSeconds };
  }
  const { datasetName, ...input } = task.input;
  // datasetKey keeps the fold's rows between trials of this process.
  return { ...(await runCvFold({ ...input, dataset: await datasets.get(datasetName), datasetKey: datasetName })), finishedAt: Date.now() };
}

process.on('message', (task: FitTask) => {
  fit(task).then(
    (outcome) => send({ ok: true, outcome }),
    (error: unknown) => send({ ok: false, error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) } }),
  );
});

function send(message: FitMessage): void {
  process.send?.(message);
}

// The backends are chosen now rather than by the first fit, so that the worker can say which ones
// its fits use before it takes a job (and the first fit does not wait for TensorFlow to load).
const nativeKernels = nativeAddon() !== null;
initTensorBackend().then(
  (tensorBackend) => send({ event: 'started', tensorBackend, nativeKernels, error: null }),
  (error: unknown) => send({ event: 'started', tensorBackend: null, nativeKernels, error: error instanceof Error ? error.message : String(error) }),
);

// The worker decides when its fits end: a signal to the process group (Ctrl-C, SIGTERM) must not
// cut a fit short while the worker lets its current jobs finish. When the worker goes, so does this:
// at once when idle; mid-fit (a fit may hold the event loop for long stretches) through a thread
// that notices the worker is gone (killed with -9, the parent pid changes) and ends the process,
// rather than let an orphan hold a core for the rest of a fit nobody will read.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
process.on('disconnect', () => process.exit(0));
const ORPHAN_CHECK_MS = 500;
new Worker(
  `setInterval(() => { if (process.ppid !== ${process.ppid}) process.kill(process.pid, 'SIGKILL'); }, ${ORPHAN_CHECK_MS});`,
  { eval: true },
).unref();
