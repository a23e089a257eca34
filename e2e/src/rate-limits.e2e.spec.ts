import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { createKey, keyedApi } from './keyed-api';
import { freePort, jsonLogLines, sleep, startProcess, useStack, type ProcessHandle } from './stack';

const ADMIN_API_KEY = `e2e-admin-${randomUUID()}`;
const LIMIT = 10;
const PREDICT_LIMIT = 15;
const LIMITS = { ADMIN_API_KEY, RATE_LIMIT_PER_MINUTE: String(LIMIT), PREDICT_RATE_LIMIT_PER_MINUTE: String(PREDICT_LIMIT) };

async function startApi(env: Record<string, string>): Promise<{ handle: ProcessHandle; baseUrl: string }> {
  const port = await freePort();
  const handle = startProcess('api', { ...env, PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
    if ((await fetch(`${baseUrl}/health/live`).catch(() => null))?.ok) return { handle, baseUrl };
    if (handle.child.exitCode !== null) break;
  }
  handle.child.kill('SIGKILL');
  throw new Error(`api not listening:\n${handle.output()}`);
}

describe('rate limits across two api instances on one Redis', () => {
  const context = useStack(0, LIMITS);

  it(`refuse a key's request ${LIMIT + 1} with 429 and Retry-After, whichever instance answers; predictions and other keys count on their own`, async () => {
    const second = await startApi({ ...context.stack.env(), ...LIMITS });
    try {
      const instances = [context.stack.baseUrl, second.baseUrl];
      // The admin's first request: a member key of its own (its own count).
      const member = await createKey(instances[0], ADMIN_API_KEY, 'default', 'member');
      const statuses: number[] = [];
      for (let i = 1; i < LIMIT; i++) statuses.push((await keyedApi(instances[i % 2], ADMIN_API_KEY, 'GET', '/runs')).status);
      assert.deepEqual(statuses, Array<number>(LIMIT - 1).fill(200));
      const refused = await keyedApi(instances[LIMIT % 2], ADMIN_API_KEY, 'GET', '/runs');
      assert.equal(refused.status, 429, JSON.stringify(refused.body));
      assert.equal(refused.body['error'], 'rate_limited');
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${refused.headers.get('retry-after')}`);
      assert.equal((await keyedApi(instances[1], ADMIN_API_KEY, 'GET', '/sweeps')).status, 429, 'the other instance refuses too');

      assert.equal((await keyedApi(instances[1], member, 'GET', '/runs')).status, 200, 'another key has its own count');
      for (const baseUrl of instances) assert.equal((await fetch(`${baseUrl}/health`)).status, 200, 'health is not limited');

      // Predictions: a limit of their own, which the exhausted request limit does not touch.
      const predict = (i: number) => keyedApi(instances[i % 2], ADMIN_API_KEY, 'POST', `/models/${randomUUID()}/predict`, { instances: [[0]] });
      const predictions: number[] = [];
      for (let i = 0; i < PREDICT_LIMIT; i++) predictions.push((await predict(i)).status);
      assert.ok(!predictions.includes(429), `the first ${PREDICT_LIMIT} predictions are not limited: ${predictions.join(', ')}`);
      const tooMany = await predict(PREDICT_LIMIT);
      assert.equal(tooMany.status, 429, JSON.stringify(tooMany.body));
      assert.match(String(tooMany.body['message']), /predictions per minute/);
      assert.ok(Number(tooMany.headers.get('retry-after')) >= 1);
    } finally {
      second.handle.child.kill('SIGTERM');
      await second.handle.exited;
    }
  });

  it('lets requests through, with a warning, while the rate-limit store is unreachable', async () => {
    const unreachable = await startApi({ ...context.stack.env(), ...LIMITS, RATE_LIMIT_PER_MINUTE: '1', REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await keyedApi(unreachable.baseUrl, ADMIN_API_KEY, 'GET', '/runs')).status);
      assert.deepEqual(statuses, [200, 200, 200]);
      const warnings = jsonLogLines(unreachable.handle).filter((line) => /rate limit not checked|rate-limit store unreachable/.test(String(line['msg'])));
      assert.ok(warnings.length >= 1, unreachable.handle.output().slice(-2000));
    } finally {
      // Killed: a graceful shutdown would wait for BullMQ to reach the missing Redis.
      unreachable.handle.child.kill('SIGKILL');
      await unreachable.handle.exited;
    }
  });
});
