#!/usr/bin/env node
// A worker set up by the README's "Adding workers" steps against the main job's worker, next to
// scikit-learn, in one run: the notebook's default forest (Pipeline(StandardScaler,
// RandomForestClassifier(n_jobs=-1)), MNIST 80/20) fitted once by each.
//
//   node bench/workers/run.mjs [--python /usr/bin/python3] [--keep-clone]
//
// The "added" worker comes from a fresh `git clone` of this repository's HEAD, installed and
// built by exactly `npm ci && npm run build`, then started by `npm run start:worker` with only
// DATABASE_URL, REDIS_URL and QUEUE_PREFIX. The "main job" worker is this checkout's build (set up
// by `npm run main` / `npm test`). Each fits the same run alone, through the api of this checkout;
// its fit time is the run's own `fit_seconds`. Prints a markdown table and writes
// bench/results/workers.json.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RUNS, SPLIT } from '../../tools/notebook-specs.mjs';
import { apiClient, freePort, MNIST_DATA_DIR, root, writeSplit } from '../common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: { python: { type: 'string', default: '/usr/bin/python3' }, 'keep-clone': { type: 'boolean', default: false } },
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.error(`[bench/workers] ${message}`);

async function main() {
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { cwd: root, stdio: 'ignore' });
  const clone = mkdtempSync(join(tmpdir(), 'mnist-lab-added-worker-'));
  log(`README steps in ${clone}: git clone, npm ci, npm run build`);
  const setupStarted = performance.now();
  execFileSync('git', ['clone', '--quiet', root, clone], { stdio: 'inherit' });
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: clone, stdio: 'ignore' });
  execFileSync('npm', ['run', 'build'], { cwd: clone, stdio: 'ignore' });
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const database = `mnist_lab_bench_workers_${process.pid}`;
  execFileSync('psql', [`${serverUrl}/postgres`, '-qc', `CREATE DATABASE "${database}"`]);
  const port = await freePort();
  const services = { DATABASE_URL: `${serverUrl}/${database}`, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: `bench-workers-${process.pid}` };
  const env = { ...process.env, ...services, PORT: String(port), WORKER_METRICS_PORT: '0' };
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { cwd: root, env, stdio: 'ignore' });
  const api = spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: root, env, stdio: 'ignore' });
  const call = apiClient(`http://127.0.0.1:${port}`);
  const results = {};
  try {
    await waitUntil(() => call('GET', '/health'), 'the api');
    const workers = {
      // The README's command for an added worker: nothing but the three variables.
      added: () => spawn('npm', ['run', '--silent', 'start:worker'], { cwd: clone, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...services, WORKER_METRICS_PORT: '0' }, stdio: 'ignore', detached: true }),
      main_job: () => spawn(process.execPath, ['apps/worker/dist/main.js'], { cwd: root, env, stdio: 'ignore', detached: true }),
    };
    for (const [name, start] of Object.entries(workers)) {
      const worker = start();
      try {
        const record = await waitUntil(async () => {
          const { workers: live } = await call('GET', '/workers');
          if (live.length !== 1) throw new Error(`${live.length} workers`);
          return live[0];
        }, `the ${name} worker`);
        log(`${name} worker ${record.id}: native kernels ${record.native_kernels}, tensor backend ${record.tensor_backend}`);
        const run = await fitDefaultForest(call);
        results[name] = { fit_seconds: run.timings.fit_seconds, test_accuracy: run.metrics.test.accuracy, native_kernels: record.native_kernels, tensor_backend: record.tensor_backend };
        log(`${name}: fit ${run.timings.fit_seconds.toFixed(2)} s, test accuracy ${run.metrics.test.accuracy.toFixed(4)}`);
      } finally {
        process.kill(-worker.pid, 'SIGTERM');
        await waitUntil(async () => {
          if ((await call('GET', '/workers')).workers.length > 0) throw new Error('still listed');
        }, `the ${name} worker to stop`);
      }
    }
  } finally {
    api.kill('SIGTERM');
    await sleep(1000);
    execFileSync('psql', [`${serverUrl}/postgres`, '-qc', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`]);
    execFileSync('redis-cli', ['--scan', '--pattern', `${services.QUEUE_PREFIX}:*`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .forEach((key) => execFileSync('redis-cli', ['del', key], { stdio: 'ignore' }));
    if (!args['keep-clone']) rmSync(clone, { recursive: true, force: true });
  }

  log('scikit-learn: the same forest on the same split');
  const ml = createRequire(import.meta.url)(join(root, 'libs/ml/dist/index.js'));
  const { train, test } = ml.trainTestSplit(70_000, SPLIT);
  const split = writeSplit('workers', train, test);
  const sklearn = JSON.parse(
    execFileSync(args.python, [join(here, '../forest/sklearn_forest.py'), '--model', 'default', '--data-dir', MNIST_DATA_DIR, '--split-dir', split, '--artifact', join(split, 'model.joblib')]).toString(),
  );
  rmSync(split, { recursive: true, force: true });

  const ratio = (seconds) => seconds / sklearn.fit_seconds;
  const lines = [
    `Default forest, MNIST 80/20 (${train.length} train), fit through the api by one worker at a time; setup of the added worker (clone, npm ci, npm run build): ${setupSeconds.toFixed(0)} s`,
    '',
    '| worker | native kernels | tensor backend | fit s | ratio to scikit-learn | test accuracy |',
    '|---|---|---|---:|---:|---:|',
    ...Object.entries(results).map(([name, r]) => `| ${name === 'added' ? "added by the README's steps" : "the main job's"} | ${r.native_kernels} | ${r.tensor_backend} | ${r.fit_seconds.toFixed(2)} | **${ratio(r.fit_seconds).toFixed(2)}** | ${r.test_accuracy.toFixed(4)} |`),
    `| ${sklearn.library} | | | ${sklearn.fit_seconds.toFixed(2)} | 1.00 | ${sklearn.accuracy.toFixed(4)} |`,
    '',
    `added / main job fit ratio: **${(results.added.fit_seconds / results.main_job.fit_seconds).toFixed(2)}** (target: within 10%)`,
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/workers.json'), JSON.stringify({ setup_seconds: setupSeconds, workers: results, sklearn }, null, 2));
}

async function fitDefaultForest(call) {
  const { id } = await call('POST', '/runs', { dataset: 'mnist_784', n_samples: null, split: SPLIT, estimator: RUNS.forest.estimator });
  return waitUntil(async () => {
    const run = await call('GET', `/runs/${id}`);
    if (run.status === 'failed') return run;
    if (run.status !== 'succeeded') throw new Error(run.status);
    return run;
  }, `run ${id}`, 600_000).then((run) => {
    if (run.status !== 'succeeded') throw new Error(`run ${id} failed: ${run.error}`);
    return run;
  });
}

async function waitUntil(read, what, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${error.message}`);
      await sleep(500);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
