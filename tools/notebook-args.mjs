#!/usr/bin/env node
// The main job's options, parsed and checked before anything is installed or started, so that
// `--help` is instant and a typo costs nothing. Node's own util.parseArgs: it needs no install,
// which matters because the main job parses its options before `npm ci` has run.
//
// As a command (`node tools/notebook-args.mjs ARGS`, used by scripts/main-job.sh) it prints the
// usage for --help (exit 0), a clear message and the usage for bad options (exit 2), and
// nothing for good ones (exit 0).
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseCommandLine, UsageError } from './cli-args.mjs';
import { readBaseline } from './notebook-baseline.mjs';
import { RUNS } from './notebook-specs.mjs';

/** MNIST has 70,000 images; a split needs a few of every class on each side. */
const N_SAMPLES = { min: 100, max: 70_000 };

export const USAGE = `usage: npm run main -- [options]

Runs the notebook's workflow through the api and two workers (the notebook's steps, then its
next steps: a soft-voting ensemble and the forest on shifted images), shows each step's progress
and ETA, prints the results with a table of every model, and writes a report folder
(index.html, report.json, the best model's artifact).

options:
  --only NAMES       comma-separated subset of the runs to submit: ${Object.keys(RUNS).join(', ')}
  --no-sweep         skip the notebook's RandomizedSearchCV sweep
  --n-samples N      use only the first N images (an integer from ${N_SAMPLES.min} to ${N_SAMPLES.max}); default: all
  --dataset NAME     a registered dataset (GET /datasets); default: mnist_784
  --api URL          the api to talk to; default: http://127.0.0.1:3000
  --baseline FILE    scikit-learn's figures per model (anchors.json; format in the README), shown beside ours
  --reports DIR      where the report folder <timestamp>/ is written; default: reports
  -h, --help         show this help and exit

The api and workers keep running after the job (the dashboard needs them): npm run stop`;


/** The options from `argv`, validated; throws UsageError naming what is wrong. */
export function parseNotebookArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        api: { type: 'string', default: 'http://127.0.0.1:3000' },
        only: { type: 'string' },
        'no-sweep': { type: 'boolean', default: false },
        'n-samples': { type: 'string' },
        dataset: { type: 'string', default: 'mnist_784' },
        baseline: { type: 'string' },
        reports: { type: 'string', default: 'reports' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    // parseArgs' own messages are clear ("Unknown option '--x'"); its error codes and stack are not.
    throw new UsageError(error.message);
  }
  if (parsed.help) return { help: true };

  const only = parsed.only === undefined ? Object.keys(RUNS) : parsed.only.split(',').map((name) => name.trim());
  const unknown = only.filter((name) => !Object.hasOwn(RUNS, name));
  if (unknown.length > 0 || only.length === 0) {
    throw new UsageError(`--only: unknown run ${unknown.map((name) => JSON.stringify(name)).join(', ') || '(empty)'}; choose from ${Object.keys(RUNS).join(', ')}`);
  }

  let nSamples = null;
  if (parsed['n-samples'] !== undefined) {
    const text = parsed['n-samples'];
    nSamples = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(nSamples) || nSamples < N_SAMPLES.min || nSamples > N_SAMPLES.max) {
      throw new UsageError(`--n-samples must be an integer from ${N_SAMPLES.min} to ${N_SAMPLES.max}; got ${JSON.stringify(text)}`);
    }
  }

  let api;
  try {
    api = new URL(parsed.api);
  } catch {
    throw new UsageError(`--api must be a URL like http://127.0.0.1:3000; got ${JSON.stringify(parsed.api)}`);
  }
  if (api.protocol !== 'http:' && api.protocol !== 'https:') throw new UsageError(`--api must be an http(s) URL; got ${JSON.stringify(parsed.api)}`);

  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(parsed.dataset)) {
    throw new UsageError(`--dataset must be a dataset name (letters, digits, "_", "." or "-"); got ${JSON.stringify(parsed.dataset)}`);
  }

  if (parsed.reports.trim() === '') throw new UsageError('--reports must name a folder; got ""');
  // Read here, before anything is installed or started: a missing or malformed file costs nothing.
  const baseline = parsed.baseline === undefined ? null : readBaseline(parsed.baseline, { nSamples });

  return {
    help: false,
    api: api.toString().replace(/\/$/, ''),
    only,
    sweep: !parsed['no-sweep'],
    nSamples,
    dataset: parsed.dataset,
    baseline,
    reports: parsed.reports,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  parseCommandLine(parseNotebookArgs, USAGE, { prefix: 'npm run main: ' });
}
