import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

describe('@mnist-lab/contracts', () => {
  it('validates requests without loading TensorFlow.js or an estimator: it needs only @mnist-lab/ml/spec', () => {
    const script = `require(${JSON.stringify(require.resolve('./index'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const loaded = JSON.parse(child.stdout) as string[];
    assert.deepEqual(loaded.filter((file) => /@tensorflow|[/\\]ml[/\\]dist[/\\](linear|ensemble|tree|compose|multiclass|tensor|native|persistence)[/\\]/.test(file)), []);
    assert.ok(loaded.some((file) => /[/\\]ml[/\\]dist[/\\]spec[/\\]index\.js$/.test(file)), 'the spec entry is what it loads');
  });
});
