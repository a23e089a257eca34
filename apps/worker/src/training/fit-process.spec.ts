import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { FitTask } from './fit-protocol';
import { FitCancelledError, FitProcess, FitProcessDiedError } from './fit-process';

/**
 * Stand-ins for fit.process.js that misbehave on demand: the task's `nSamples` picks what they do.
 * (The real entry point runs real fits: the e2e tests cover it.)
 */
const ENTRY = `
process.on('message', (task) => {
  const what = task.input.nSamples;
  if (what === 1) return process.send({ ok: true, outcome: Array.from({ length: 1e9 }, (_, i) => i).length });
  if (what === 2) {
    const kept = [];
    const grow = () => { for (let i = 0; i < 16; i++) kept.push(new Uint8Array(16 * 1024 * 1024).fill(1)); setTimeout(grow, 20); };
    grow();
    return;
  }
  if (what === 3) return process.send({ ok: false, error: { name: 'DataError', message: 'bad data' } });
  if (what === 4) return process.kill(process.pid, 'SIGKILL');
  if (what === 5) for (;;); // a fit that holds its event loop
  process.send({ ok: true, outcome: { pid: process.pid, bytes: new Uint8Array([1, 2, 3]) } });
});
process.on('disconnect', () => process.exit(0));
`;

const task = (nSamples: number): Extract<FitTask, { kind: 'experiment' }> => ({
  kind: 'experiment',
  input: { datasetName: 'mnist_784', nSamples, split: { test_size: 0.2, random_state: 0, stratify: true }, estimator: { type: 'logistic_regression' } },
});

describe('FitProcess', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fit-process-spec-'));
  const entry = path.join(dir, 'entry.js');
  writeFileSync(entry, ENTRY);
  const processes: FitProcess[] = [];
  const fitProcess = (maxMemoryMb: number) => {
    const created = new FitProcess(maxMemoryMb, entry);
    processes.push(created);
    return created;
  };
  after(async () => {
    await Promise.all(processes.map((created) => created.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes typed arrays back, and keeps its process between tasks', async () => {
    const fit = fitProcess(256);
    const first = (await fit.run(task(0))) as unknown as { pid: number; bytes: Uint8Array };
    const second = (await fit.run(task(0))) as unknown as { pid: number };
    assert.deepEqual(first.bytes, new Uint8Array([1, 2, 3]));
    assert.equal(second.pid, first.pid);
  });

  it("hands on the fit's own error, by name and message", async () => {
    await assert.rejects(fitProcess(256).run(task(3)), { name: 'DataError', message: 'bad data' });
  });

  it('fails the task when the V8 heap reaches the limit, and runs the next one in a fresh process', async () => {
    const fit = fitProcess(128);
    const before = ((await fit.run(task(0))) as unknown as { pid: number }).pid;
    await assert.rejects(fit.run(task(1)), (error: unknown) => {
      assert.ok(error instanceof FitProcessDiedError);
      assert.match(error.message, /the fit ran out of memory: its JavaScript heap reached its limit of 96 MB \(75% of 128 MB \(WORKER_FIT_MAX_MEMORY_MB\)\)/);
      return true;
    });
    const after = ((await fit.run(task(0))) as unknown as { pid: number }).pid;
    assert.notEqual(after, before);
  });

  it('stops a fit whose memory outside the heap (typed arrays) grows past the limit', async () => {
    const fit = fitProcess(400);
    await assert.rejects(fit.run(task(2)), /the fit used \d+ MB of memory, more than the 400 MB \(WORKER_FIT_MAX_MEMORY_MB\) a fit may use, and was stopped/);
    assert.ok(await fit.run(task(0)));
  });

  it('stops a fit that holds its event loop when its signal aborts, and runs the next task in a fresh process', async () => {
    const fit = fitProcess(256);
    const before = ((await fit.run(task(0))) as unknown as { pid: number }).pid;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(fit.run(task(5), { signal: controller.signal }), FitCancelledError);
    const after = ((await fit.run(task(0))) as unknown as { pid: number }).pid;
    assert.notEqual(after, before);
    await assert.rejects(fit.run(task(0), { signal: controller.signal }), FitCancelledError, 'an aborted signal starts nothing');
  });

  it('says how the process ended when it was killed', async () => {
    await assert.rejects(fitProcess(256).run(task(4)), /the fit process ended \(SIGKILL\) before the fit finished/);
  });
});
