/*
 * Worker thread of `growTrees`: builds its TreeBuilder once over the job's shared binned features,
 * then grows the trees it is sent one at a time, and on `finish` reports its out-of-bag votes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TreeBuilder } from '../tree/tree-builder';
import { emptyOobVotes, growForestTree, type ForestJob } from './forest-tree';
import { treeBuffers, type WorkerReply, type WorkerRequest } from './grow-trees';

const job = workerData as ForestJob;
const port = parentPort;
if (!port) throw new Error('tree-builder.worker must run as a worker thread');
const builder = new TreeBuilder(job.data, job.tree, job.nClasses);
const oob = job.oob ? emptyOobVotes(job.y.length, job.nClasses) : null;

port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'grow') {
    const tree = growForestTree(job, builder, request.seed, oob);
    const reply: WorkerReply = { kind: 'grown', index: request.index, tree };
    port.postMessage(reply, treeBuffers(tree));
  } else {
    const reply: WorkerReply = { kind: 'finished', oob };
    port.postMessage(reply, oob ? [oob.buffer as ArrayBuffer] : []);
  }
});
