import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEstimator } from '../base/registry';
import { ESTIMATOR_DEFINITIONS, estimatorTypes, validateSpec } from './index';

/** The files a fresh Node process has loaded after requiring `module`. */
function modulesLoadedBy(module: string): string[] {
  const script = `require(${JSON.stringify(module)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as string[];
}

describe('@mnist-lab/ml/spec', () => {
  it('loads no TensorFlow.js, no estimator class and no Node built-in', () => {
    const loaded = modulesLoadedBy(require.resolve('./index'));
    assert.deepEqual(loaded.filter((file) => /@tensorflow|[/\\](linear|ensemble|tree|compose|multiclass|preprocessing|tensor|native|persistence)[/\\]/.test(file)), []);
    // What the browser bundle imports too: no require('node:…') or bare built-ins anywhere in it.
    const requiringNode = loaded.filter((file) => /require\("(node:|fs"|path"|os"|crypto"|worker_threads")/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(requiringNode, []);
    assert.ok(loaded.some((file) => file.endsWith('validate-spec.js')), 'the check sees the entry it loaded');
  });

  it('is the package entry `@mnist-lab/ml/spec`', () => {
    const packageRoot = join(__dirname, '..', '..');
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
    assert.equal(join(packageRoot, manifest.exports['./spec'].default), require.resolve('./index'));
  });

  it('has a definition for every estimator the registry creates, and validates with it', () => {
    // The registry pairs each definition with its class; both list the same types.
    for (const definition of ESTIMATOR_DEFINITIONS) {
      const spec = definition.type === 'pipeline' ? { type: 'pipeline', steps: [['model', { type: 'logistic_regression' }]] }
        : definition.type.startsWith('one_vs_') ? { type: definition.type, params: { estimator: { type: 'logistic_regression' } } }
        : definition.type === 'voting' || definition.type === 'stacking' ? { type: definition.type, params: { estimators: [['lr', { type: 'logistic_regression' }]] } }
        : { type: definition.type };
      assert.equal(createEstimator(validateSpec(spec)).type, definition.type);
    }
    assert.deepEqual(estimatorTypes(), ['image_augmenter', 'logistic_regression', 'one_vs_one', 'one_vs_rest', 'pipeline', 'random_forest', 'stacking', 'standard_scaler', 'voting']);
  });
});
