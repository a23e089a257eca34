#!/usr/bin/env node
// Random forests on MNIST, scikit-learn 1.2 and this library side by side in one run.
//
//   node bench/forest/run.mjs [--ml-dist libs/ml/dist/index.js] [--data-dir DIR] [--python /usr/bin/python3]
//
// Builds libs/ml (unless --ml-dist names a build), splits MNIST's 70000 images 80/20 with
// trainTestSplit(random_state 42) and hands the same indices to both sides (this library's
// shuffle, so the split is not scikit-learn's own train_test_split, but both fit and score the
// same images). Each model is fitted in a child process of its own, so that its peak RSS is
// measured alone, with n_jobs=-1 (every core) in a Pipeline after a StandardScaler, as the
// notebook does. Prints a markdown table and writes bench/results/forest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MNIST_DATA_DIR, root, writeSplit } from '../common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    'ml-dist': { type: 'string' },
    'data-dir': { type: 'string', default: MNIST_DATA_DIR },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
});

let mlDist = values['ml-dist'] && resolve(values['ml-dist']);
if (!mlDist) {
  execFileSync('npx', ['tsc', '-b', 'libs/ml'], { cwd: root, stdio: 'inherit' });
  mlDist = join(root, 'libs/ml/dist/index.js');
}
try {
  execFileSync(values.python, ['-c', 'import sklearn, joblib'], { stdio: 'ignore' });
} catch {
  console.error(`${values.python} cannot import scikit-learn: apt-get install -y python3-sklearn`);
  process.exit(1);
}

const ml = require(mlDist);
const nSamples = ml.loadMnist({ dataDir: values['data-dir'] }).y.length;
const { train, test } = ml.trainTestSplit(nSamples, { test_size: 0.2, random_state: 42 });
const work = writeSplit('forest', train, test);

const common = ['--model', '', '--data-dir', values['data-dir'], '--split-dir', work];
const runChild = (command, args) => JSON.parse(execFileSync(command, args, { cwd: root, maxBuffer: 1 << 20 }).toString());
const results = {};
for (const model of ['default', 'tuned']) {
  common[1] = model;
  console.error(`${model}: scikit-learn...`);
  const sklearn = runChild(values.python, [join(here, 'sklearn_forest.py'), ...common, '--artifact', join(work, `${model}.joblib`)]);
  console.error(`${model}: mnist-lab...`);
  const ours = runChild(process.execPath, [join(here, 'ours_forest.mjs'), ...common, '--ml-dist', mlDist]);
  results[model] = { sklearn, ours };
}
rmSync(work, { recursive: true, force: true });

const title = {
  default: 'default forest (100 trees, n_jobs=-1)',
  tuned: 'hand-tuned forest (100 trees, max_depth 15, min_samples_split 5, min_samples_leaf 3)',
};
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const lines = [
  `MNIST 80/20 (${train.length} train / ${test.length} test), ${availableParallelism()} cores, Pipeline(StandardScaler, RandomForestClassifier(random_state=42))`,
  '',
  '| model | library | fit s | predict s | test accuracy | peak RSS MB | model MB | nodes |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
];
for (const [model, { sklearn, ours }] of Object.entries(results)) {
  for (const r of [sklearn, ours]) {
    lines.push(
      `| ${title[model]} | ${r.library} | ${r.fit_seconds.toFixed(2)} | ${r.predict_seconds.toFixed(3)} | ${r.accuracy.toFixed(4)} | ${mb(r.peak_rss_bytes)} | ${mb(r.model_bytes)} | ${r.nodes} |`,
    );
  }
  const ratio = (key) => (ours[key] / sklearn[key]).toFixed(2);
  const points = ((ours.accuracy - sklearn.accuracy) * 100).toFixed(2);
  lines.push(
    `| ${title[model]} | ratio mnist-lab / scikit-learn | ${ratio('fit_seconds')} | ${ratio('predict_seconds')} | ${points} points | ${ratio('peak_rss_bytes')} | ${ratio('model_bytes')} | |`,
  );
}
lines.push('', 'Targets: fit <= 0.5x, predict <= 1x, accuracy >= -0.3 points, model <= 0.25x.');
console.log(lines.join('\n'));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/forest.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
