import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError } from './cli-args.mjs';
import { parseNotebookArgs } from './notebook-args.mjs';

const MAIN_JOB = fileURLToPath(new URL('../scripts/main-job.sh', import.meta.url));

describe('the main job options', () => {
  it('defaults to every run, the sweep and all images of mnist_784', () => {
    assert.deepEqual(parseNotebookArgs([]), {
      help: false,
      api: 'http://127.0.0.1:3000',
      only: ['forest', 'tuned_forest', 'logistic', 'ovo', 'ovr', 'voting', 'augmented_forest'],
      sweep: true,
      nSamples: null,
      dataset: 'mnist_784',
      baseline: null,
      reports: 'reports',
    });
  });

  it('takes a subset, no sweep, a sample count and another dataset', () => {
    const args = parseNotebookArgs(['--only', 'logistic,forest', '--no-sweep', '--n-samples', '10000', '--dataset', 'fashion']);
    assert.deepEqual([args.only, args.sweep, args.nSamples, args.dataset], [['logistic', 'forest'], false, 10000, 'fashion']);
  });

  for (const [argv, message] of [
    [['--n-samples', '10k'], /--n-samples must be an integer from 100 to 70000; got "10k"/],
    [['--n-samples', '1e4'], /--n-samples must be an integer/],
    [['--n-samples', '99'], /--n-samples must be an integer/],
    [['--n-samples', '70001'], /--n-samples must be an integer/],
    [['--only', 'logistc'], /--only: unknown run "logistc"; choose from forest, tuned_forest, logistic, ovo, ovr, voting, augmented_forest/],
    [['--baseline', '/nonexistent/anchors.json'], /--baseline: cannot read \/nonexistent\/anchors.json/],
    [['--reports', ' '], /--reports must name a folder/],
    [['--only', ''], /--only: unknown run/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /Unexpected argument 'extra'/],
    [['--api', 'not a url'], /--api must be a URL/],
    [['--dataset', '../etc'], /--dataset must be a dataset name/],
  ]) {
    it(`refuses ${argv.join(' ')}`, () => {
      assert.throws(() => parseNotebookArgs(argv), (error) => error instanceof UsageError && message.test(error.message));
    });
  }

  it('reads a baseline file and a reports folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notebook-args-'));
    const file = join(dir, 'anchors.json');
    writeFileSync(file, JSON.stringify({ library: 'scikit-learn 1.2.1', n_samples: 3000, models: { ovr: { fit_seconds: 12.5, test_accuracy: 0.88 } } }));
    const args = parseNotebookArgs(['--baseline', file, '--n-samples', '3000', '--reports', 'out']);
    assert.deepEqual(args.baseline, { library: 'scikit-learn 1.2.1', n_samples: 3000, models: { ovr: { fit_seconds: 12.5, test_accuracy: 0.88 } } });
    assert.equal(args.reports, 'out');
    assert.throws(() => parseNotebookArgs(['--baseline', file, '--n-samples', '5000']), /n_samples is 3000, but this job uses 5000 images/);
  });

  it('answers --help and bad options before installing or starting anything', () => {
    // An empty PATH: had the job gone on to npm, pg_isready or node-gyp, it would fail differently.
    const env = { PATH: `${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin`, HOME: process.env.HOME ?? '/tmp' };
    const help = spawnSync('bash', [MAIN_JOB, '--help'], { encoding: 'utf8', env });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: npm run main -- \[options\]/);
    assert.doesNotMatch(help.stdout, /== services|== install/);
    const typo = spawnSync('bash', [MAIN_JOB, '--only', 'forset'], { encoding: 'utf8', env });
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /--only: unknown run "forset"/);
    assert.doesNotMatch(typo.stderr + typo.stdout, /ERR_PARSE_ARGS|at parseArgs|== services/);
  });
});
