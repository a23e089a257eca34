#!/usr/bin/env node
// The notebook's RandomizedSearchCV, end to end through the api with 2 worker processes, against
// scikit-learn's RandomizedSearchCV(n_jobs=-1, cv=3, random_state=0) on the same machine, in one
// run. Also a sweep of 1000 trivial trials, for the queue's own overhead at scale.
//   node bench/sweep/run.mjs [--skip-sklearn] [--skip-trivial]
// Needs local Postgres and Redis (as the README's main job) and /usr/bin/python3 with scikit-learn.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NOTEBOOK_SWEEP } from '../../tools/notebook-specs.mjs';
import { apiClient, freePort } from '../common.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({ options: { 'skip-sklearn': { type: 'boolean' }, 'skip-trivial': { type: 'boolean' } } });

const TRIVIAL_SWEEP = {
  dataset: 'mnist_784',
  n_samples: 300,
  split: { test_size: 0.2, random_state: 0 },
  estimator: { type: 'logistic_regression', params: { max_iter: 1, random_state: 0 } },
  param_distributions: { C: { dist: 'loguniform', low: 0.001, high: 100 } },
  n_iter: 500,
  cv: 2,
  random_state: 0,
  refit: false,
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
};

async function main() {
  execFileSync('npx', ['tsc', '-b', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  const database = `mnist_lab_bench_sweep_${process.pid}`;
  const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  execFileSync('psql', [`${serverUrl}/postgres`, '-qc', `CREATE DATABASE "${database}"`]);
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `${serverUrl}/${database}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `bench-sweep-${process.pid}`,
    PORT: String(port),
    WORKER_CONCURRENCY: '1',
  };
  execFileSync('npx', ['prisma', 'migrate', 'deploy'], { cwd: ROOT, env, stdio: 'ignore' });
  const children = [
    spawn(process.execPath, ['apps/api/dist/main.js'], { cwd: ROOT, env, stdio: 'ignore' }),
    spawn(process.execPath, ['apps/worker/dist/main.js'], { cwd: ROOT, env, stdio: 'ignore' }),
    spawn(process.execPath, ['apps/worker/dist/main.js'], { cwd: ROOT, env, stdio: 'ignore' }),
  ];
  const call = apiClient(`http://127.0.0.1:${port}`);
  try {
    for (let i = 0; ; i++) {
      try {
        await call('GET', '/health');
        break;
      } catch (error) {
        if (i > 100) throw error;
        await sleep(200);
      }
    }
    await sleep(1500); // workers connected and datasets loaded before the clock starts, as python's imports are
    const ours = await runSweep(call, NOTEBOOK_SWEEP, 'notebook sweep');
    const trivial = args['skip-trivial'] ? null : await runSweep(call, TRIVIAL_SWEEP, '1000 trivial trials');
    const sklearn = args['skip-sklearn'] ? null : runSklearn(ours.candidates.map((candidate) => candidate.params));
    report(ours, trivial, sklearn);
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'bench/results/sweep.json'), JSON.stringify({ ours: ours.sweep, refit: ours.refit, wall: ours.wall, sklearn }, null, 2));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await sleep(2000);
    execFileSync('psql', [`${serverUrl}/postgres`, '-qc', `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`]);
  }
}

async function runSweep(call, body, label) {
  const started = performance.now();
  const { id } = await call('POST', '/sweeps', body);
  let sweep;
  for (;;) {
    sweep = await call('GET', `/sweeps/${id}`);
    process.stderr.write(`\r${label}: ${sweep.status} ${sweep.progress.done}/${sweep.progress.total} trials${sweep.eta_seconds ? `, eta ${sweep.eta_seconds} s` : ''}     `);
    if (['succeeded', 'failed', 'cancelled'].includes(sweep.status)) break;
    await sleep(500);
  }
  const wall = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  const refit = sweep.refit_run ? await call('GET', `/runs/${sweep.refit_run.id}`) : null;
  return { sweep, wall, refit, overhead: queueOverhead(sweep.trials), candidates: sweep.candidates };
}

/**
 * The queue's own share of each trial: from the moment the trial could have started (enqueued, and
 * its worker free after recording its previous trial) to the moment it started; and from the end
 * of the fit in the training thread to the result's commit in Postgres.
 */
function queueOverhead(trials) {
  const byWorker = new Map();
  for (const trial of trials) {
    if (!trial.started_at) continue;
    const list = byWorker.get(trial.worker_id) ?? [];
    list.push(trial);
    byWorker.set(trial.worker_id, list);
  }
  const toStart = [];
  for (const list of byWorker.values()) {
    list.sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
    list.forEach((trial, i) => {
      const ready = Math.max(Date.parse(trial.enqueued_at), i > 0 ? Date.parse(list[i - 1].recorded_at) : 0);
      toStart.push(Date.parse(trial.started_at) - ready);
    });
  }
  const toRecorded = trials.filter((trial) => trial.recorded_at && trial.computed_at).map((trial) => Date.parse(trial.recorded_at) - Date.parse(trial.computed_at));
  return {
    start_p50: quantile(toStart, 0.5),
    start_p95: quantile(toStart, 0.95),
    record_p50: quantile(toRecorded, 0.5),
    record_p95: quantile(toRecorded, 0.95),
  };
}

function runSklearn(ourCandidates) {
  process.stderr.write('scikit-learn: RandomizedSearchCV, then the same cross-validation over our candidates...\n');
  const out = execFileSync('/usr/bin/python3', [path.join(import.meta.dirname, 'sklearn_search.py'), JSON.stringify(ourCandidates)], {
    cwd: ROOT,
    env: { ...process.env, OMP_NUM_THREADS: '2' },
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.toString().trim().split('\n').at(-1));
}

function report(ours, trivial, sklearn) {
  const fmt = (value, digits = 4) => (typeof value === 'number' ? value.toFixed(digits) : String(value));
  const best = ours.sweep.best;
  console.log('\n| | mnist-lab (api + 2 workers) | scikit-learn 1.2.1 | ratio |');
  console.log('|---|---|---|---|');
  console.log(`| wall time, s (search + refit) | ${fmt(ours.wall, 1)} | ${sklearn ? fmt(sklearn.wall_seconds, 1) : '-'} | ${sklearn ? fmt(ours.wall / sklearn.wall_seconds, 2) : '-'} |`);
  console.log(`| best params | ${JSON.stringify(best?.params)} | ${sklearn ? JSON.stringify(sklearn.best_params) : '-'} | |`);
  console.log(`| best CV score | ${fmt(best?.score)} | ${sklearn ? fmt(sklearn.best_cv_score) : '-'} | |`);
  if (sklearn?.same_candidates_wall_seconds !== undefined) {
    console.log(`| wall time, s, our 10 candidates (search + refit) | ${fmt(ours.wall, 1)} | ${fmt(sklearn.same_candidates_wall_seconds, 1)} | ${fmt(ours.wall / sklearn.same_candidates_wall_seconds, 2)} |`);
  }
  if (sklearn?.same_candidates_best_cv_score !== undefined) {
    console.log(`| best CV score, our 10 candidates | ${fmt(best?.score)} | ${fmt(sklearn.same_candidates_best_cv_score)} | diff ${fmt(best.score - sklearn.same_candidates_best_cv_score)} |`);
  }
  console.log(`| refit test accuracy | ${fmt(ours.refit?.metrics?.test?.accuracy)} | ${sklearn ? fmt(sklearn.test_accuracy) : '-'} | |`);
  console.log(`| refit train accuracy | ${fmt(ours.refit?.metrics?.train?.accuracy)} | | |`);
  const o = ours.overhead;
  console.log(`| queue overhead per trial, enqueue → start (ms) | p50 ${o.start_p50}, p95 ${o.start_p95} | | |`);
  console.log(`| queue overhead per trial, finish → recorded (ms) | p50 ${o.record_p50}, p95 ${o.record_p95} | | |`);
  if (trivial) {
    const t = trivial.overhead;
    console.log(`| 1000 trivial trials: status, wall s | ${trivial.sweep.status} (${trivial.sweep.progress.succeeded} succeeded), ${fmt(trivial.wall, 1)} | | |`);
    console.log(`| 1000 trivial trials: enqueue → start / finish → recorded p95 (ms) | ${t.start_p95} / ${t.record_p95} | | |`);
  }
  console.log(`\nour candidates: ${ours.candidates.map((candidate) => JSON.stringify(candidate.params)).join(' ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
