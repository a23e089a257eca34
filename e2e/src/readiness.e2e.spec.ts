import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { freePort, sleep, startProcess, type ProcessHandle } from './stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** GET `url` until the api answers at all (with any status). */
async function firstAnswer(url: string, api: ProcessHandle, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      return await fetch(url);
    } catch {
      if (api.child.exitCode !== null) throw new Error(`api exited:\n${api.output()}`);
      await sleep(200);
    }
  }
  throw new Error(`api did not answer within ${timeoutMs} ms:\n${api.output()}`);
}

describe('readiness: an api whose Postgres is unreachable', () => {
  let api: ProcessHandle | undefined;
  after(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
  });

  it('stays up, answers /health with 503 naming postgres, /health/live with 200, and says at start that it is not ready', async () => {
    const port = await freePort();
    const closedPort = await freePort();
    api = startProcess('api', {
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${closedPort}/nowhere`,
      REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `test-readiness-${process.pid}`,
      PORT: String(port),
    });
    const health = await firstAnswer(`http://127.0.0.1:${port}/health`, api);
    assert.equal(health.status, 503);
    const body = (await health.json()) as Json;
    assert.equal(body['error']['postgres']['status'], 'down');
    assert.match(body['message'], new RegExp(`^not ready: postgres is down \\(.*127\\.0\\.0\\.1:${closedPort}`));
    assert.doesNotMatch(body['message'], /redis is down/);
    assert.equal((await fetch(`http://127.0.0.1:${port}/health/live`)).status, 200);
    // The line is logged once the first check after listening has answered.
    for (let waited = 0; !/api listening/.test(api.output()) && waited < 5000; waited += 100) await sleep(100);
    assert.match(api.output(), /api listening on .*, but not ready: postgres is down/);
    assert.doesNotMatch(api.output(), /; ready: postgres and redis answer/);
  });
});
