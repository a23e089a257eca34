import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { REDACTED_PATHS, resourceIds } from './logging.module';

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

describe('REDACTED_PATHS', () => {
  const logged = (object: Record<string, unknown>): string => {
    const lines: string[] = [];
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, { write: (line: string) => lines.push(line) });
    logger.info(object, 'message');
    return lines.join('');
  };
  const key = 'mlk_0123456789abcdefghijklmnopqrstuv';

  it('keeps API keys and bearer headers out of every log line', () => {
    const line = logged({
      req: { method: 'POST', url: '/api-keys', headers: { authorization: `Bearer ${key}`, 'x-api-key': key, cookie: 'session=1' } },
      key,
      created: { key, id: 'k1' },
      response: { body: { key } },
      authorization: `Bearer ${key}`,
    });
    assert.ok(!line.includes(key), line);
    assert.match(line, /"id":"k1"/);
    assert.match(line, /"url":"\/api-keys"/);
  });
});
