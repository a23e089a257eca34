import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TreeBuilder } from '../tree/tree-builder';
import { emptyOobVotes, growForestTree, type ForestJob, type GrownTree, type OobVotes } from './forest-tree';

/** Main thread to worker: grow the tree of `seed` (tree number `index`), or report and exit. */
export type WorkerRequest = { readonly kind: 'grow'; readonly index: number; readonly seed: number } | { readonly kind: 'finish' };

/** Worker to main thread. */
export type WorkerReply =
  | { readonly kind: 'grown'; readonly index: number; readonly tree: GrownTree }
  | { readonly kind: 'finished'; readonly oob: OobVotes | null };

/** The worker's entry point, compiled next to this module. */
const WORKER_FILE = join(__dirname, 'tree-builder.worker.js');

export interface GrownForest {
  /** In seed order, whichever thread grew them. */
  readonly trees: GrownTree[];
  readonly oob: OobVotes | null;
}

/**
 * Grows one tree per seed on `threads` threads: in this thread for 1 (yielding to the event loop
 * between trees), else on worker threads that share the job's binned features and take the next
 * seed as soon as they finish a tree. The result does not depend on the number of threads.
 */
export async function growTrees(job: ForestJob, seeds: readonly number[], threads: number, onGrown: (trees: number) => void = () => undefined): Promise<GrownForest> {
  if (threads <= 1 || seeds.length <= 1) {
    const builder = new TreeBuilder(job.data, job.tree, job.nClasses);
    const oob = job.oob ? emptyOobVotes(job.y.length, job.nClasses) : null;
    const trees: GrownTree[] = [];
    for (const seed of seeds) {
      trees.push(growForestTree(job, builder, seed, oob));
      onGrown(trees.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { trees, oob };
  }
  const workers = Array.from({ length: Math.min(threads, seeds.length) }, () => new Worker(WORKER_FILE, { workerData: job }));
  try {
    return await dispatch(job, seeds, workers, onGrown);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function dispatch(job: ForestJob, seeds: readonly number[], workers: Worker[], onGrown: (trees: number) => void): Promise<GrownForest> {
  return new Promise((resolve, reject) => {
    const trees: GrownTree[] = new Array(seeds.length);
    const oob = job.oob ? emptyOobVotes(job.y.length, job.nClasses) : null;
    let next = 0;
    let finished = 0;
    let grown = 0;
    const send = (worker: Worker) => {
      const request: WorkerRequest = next < seeds.length ? { kind: 'grow', index: next, seed: seeds[next++] } : { kind: 'finish' };
      worker.postMessage(request);
    };
    for (const worker of workers) {
      worker.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'grown') {
          trees[reply.index] = reply.tree;
          onGrown(++grown);
          send(worker);
          return;
        }
        if (oob && reply.oob) addVotes(oob, reply.oob);
        if (++finished === workers.length) resolve({ trees, oob });
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`tree builder worker exited with code ${code}`));
      });
      send(worker);
    }
  });
}

function addVotes(total: OobVotes, part: OobVotes): void {
  for (let i = 0; i < total.length; i++) total[i] += part[i];
}

/** The buffers of a grown tree, to transfer rather than copy. */
export function treeBuffers({ tree, importances }: GrownTree): ArrayBuffer[] {
  const buffers = [tree.feature, tree.threshold, tree.left, tree.right, tree.leafProba].map((array) => array.buffer as ArrayBuffer);
  return importances ? [...buffers, importances.buffer as ArrayBuffer] : buffers;
}
