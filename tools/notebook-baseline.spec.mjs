import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from './cli-args.mjs';
import { MODEL_NAMES, parseBaseline, readBaseline } from './notebook-baseline.mjs';

const GOOD = {
  library: 'scikit-learn 1.2.1',
  n_samples: null,
  models: { forest: { fit_seconds: 52.3, train_accuracy: 1, test_accuracy: 0.9674, macro_f1: 0.9672 }, search: { test_accuracy: 0.96 } },
};

describe('the --baseline file', () => {
  it('names every model of the main job, the sweep\'s refit as "search"', () => {
    assert.deepEqual(MODEL_NAMES, ['forest', 'tuned_forest', 'logistic', 'ovo', 'ovr', 'voting', 'augmented_forest', 'search']);
  });

  it('reads the figures of some models', () => {
    assert.deepEqual(parseBaseline(GOOD, { file: 'a.json', nSamples: null }), GOOD);
    // Without n_samples the figures are taken as they are, for any sample count.
    const { n_samples: _, ...unsized } = GOOD;
    assert.equal(parseBaseline(unsized, { file: 'a.json', nSamples: 3000 }).n_samples, null);
  });

  for (const [change, message] of [
    [{ library: '' }, /a.json: library must be a non-empty string/],
    [{ n_samples: 1.5 }, /n_samples must be an integer or null/],
    [{ n_samples: 70000 }, /n_samples is 70000, but this job uses 3000 images/],
    [{ models: [] }, /models must be an object of models by name/],
    [{ models: { svm: {} } }, /models.svm is not a model of the main job; choose from forest, .*search/],
    [{ models: { ovo: 0.9 } }, /models.ovo must be an object of figures/],
    [{ models: { ovo: { accuracy: 0.9 } } }, /models.ovo.accuracy is not a figure; choose from fit_seconds, train_accuracy, test_accuracy, macro_f1/],
    [{ models: { ovo: { test_accuracy: 97.1 } } }, /models.ovo.test_accuracy is out of range; got 97.1/],
    [{ models: { ovo: { fit_seconds: -1 } } }, /models.ovo.fit_seconds is out of range/],
    [{ models: { ovo: { macro_f1: '0.9' } } }, /models.ovo.macro_f1 is out of range; got "0.9"/],
  ]) {
    it(`refuses ${JSON.stringify(change)}, naming the field`, () => {
      const json = { ...GOOD, n_samples: 3000, ...change };
      assert.throws(() => parseBaseline(json, { file: 'a.json', nSamples: 3000 }), (error) => error instanceof UsageError && message.test(error.message));
    });
  }

  it('refuses a file that is not JSON, or not an object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
    writeFileSync(join(dir, 'bad.json'), '{"library": ');
    assert.throws(() => readBaseline(join(dir, 'bad.json'), { nSamples: null }), /bad.json is not JSON/);
    writeFileSync(join(dir, 'list.json'), '[]');
    assert.throws(() => readBaseline(join(dir, 'list.json'), { nSamples: null }), /must be an object with "library" and "models"/);
  });
});
