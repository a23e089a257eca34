// This library's side of bench/forest: fits one forest on the split run.mjs wrote and prints JSON.
// Run by run.mjs in a process of its own per model, so that its peak RSS is this model's alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fitAndPredict } from '../common.mjs';

export const MODELS = {
  default: {},
  tuned: { max_depth: 15, min_samples_split: 5, min_samples_leaf: 3, max_features: 'sqrt' },
};

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    'ml-dist': { type: 'string' },
    'data-dir': { type: 'string' },
    'split-dir': { type: 'string' },
    'random-state': { type: 'string', default: '42' },
  },
});
const ml = createRequire(import.meta.url)(values['ml-dist']);
const { X, y } = ml.loadMnist({ dataDir: values['data-dir'] });
// A small file's Buffer is a view into a shared pool: copy exactly its bytes.
const indices = (name) => {
  const bytes = readFileSync(join(values['split-dir'], name));
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const [train, test] = [indices('train.i32'), indices('test.i32')];

const forest = { type: 'random_forest', params: { n_jobs: -1, random_state: Number(values['random-state']), ...MODELS[values.model] } };
const model = ml.createEstimator({ type: 'pipeline', params: { steps: [['scaler', { type: 'standard_scaler' }], ['model', forest]] } });
const [XTrain, yTrain, XTest, yTest] = [ml.takeRows(X, train), ml.takeLabels(y, train), ml.takeRows(X, test), ml.takeLabels(y, test)];

const { fitSeconds, predictSeconds, predicted } = await fitAndPredict(model, XTrain, yTrain, XTest);
process.stdout.write(
  JSON.stringify({
    library: ml.nativeAddon() ? 'mnist-lab (compiled kernels)' : 'mnist-lab (TypeScript only: MNIST_LAB_NATIVE=0 or libs/ml/native not built)',
    fit_seconds: fitSeconds,
    predict_seconds: predictSeconds,
    accuracy: ml.accuracyScore(yTest, predicted),
    // maxRSS is in KiB and covers the worker threads, which share this process.
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    model_bytes: ml.encodeArtifact(model.serialize()).length,
    nodes: model.fitInfo().model.n_nodes,
  }),
);
