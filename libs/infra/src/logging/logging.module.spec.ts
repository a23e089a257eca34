import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceIds } from './logging.module';

describe('resourceIds', () => {
  const id = '0b6f3c1e-4a5d-4e2f-9c1b-2d3e4f5a6b7c';
  it('names the run, sweep or model a request is about', () => {
    assert.deepEqual(resourceIds(`/runs/${id}`), { run_id: id });
    assert.deepEqual(resourceIds(`/runs/${id}/confusion-matrix.png?set=test`), { run_id: id });
    assert.deepEqual(resourceIds(`/sweeps/${id}/events`), { sweep_id: id });
    assert.deepEqual(resourceIds(`/models/${id}/predict`), { model_id: id });
  });

  it('adds nothing to other requests', () => {
    assert.deepEqual(resourceIds('/runs?status=succeeded'), {});
    assert.deepEqual(resourceIds('/runs/not-a-uuid'), {});
    assert.deepEqual(resourceIds(`/datasets/${id}`), {});
    assert.deepEqual(resourceIds(`/runs/${id}x`), {});
  });
});
