import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunProgress, RunStatus } from '@mnist-lab/infra';
import { RunMonitor } from './run-monitor';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A run row that records what the monitor wrote; `status` is what the api made of it meanwhile. */
class FakeRunRow {
  status: RunStatus = 'running';
  readonly writes: RunProgress[] = [];
  reads = 0;

  async statusOf(): Promise<RunStatus> {
    this.reads++;
    return this.status;
  }

  readonly repository = {
    status: () => this.statusOf(),
    recordProgress: async (_id: string, progress: RunProgress) => {
      this.writes.push(progress);
      return this.status === 'running';
    },
  };
}

describe('RunMonitor', () => {
  it('writes the latest progress at most every writeMs, and only what is new', async () => {
    const row = new FakeRunRow();
    const monitor = new RunMonitor(row.repository, 'run-1', { watchMs: 10, writeMs: 60 });
    try {
      for (let done = 1; done <= 20; done++) {
        monitor.report({ stage: 'fit', fit: { unit: 'trees', done, total: 20 } });
        await sleep(10);
      }
      await sleep(80);
      assert.ok(row.writes.length >= 2 && row.writes.length <= 5, `${row.writes.length} writes for 20 reports over ~0.3 s`);
      const last = row.writes.at(-1)!;
      assert.deepEqual([last.stage, last.unit, last.done, last.total, last.loss], ['fit', 'trees', 20, 20, null]);
      const writes = row.writes.length;
      await sleep(100);
      assert.equal(row.writes.length, writes, 'nothing new, nothing written');
      assert.ok(row.reads > 0, 'the status is read between writes');
    } finally {
      monitor.stop();
    }
  });

  it('keeps the start of the current stage across its reports', async () => {
    const row = new FakeRunRow();
    const monitor = new RunMonitor(row.repository, 'run-1', { watchMs: 5, writeMs: 0 });
    try {
      monitor.report({ stage: 'fit', fit: null });
      await sleep(20);
      monitor.report({ stage: 'fit', fit: { unit: 'iterations', done: 5, total: 100, loss: 0.5 } });
      await sleep(20);
      const [first, second] = [row.writes[0], row.writes.at(-1)!];
      assert.equal(second.stage_started_at, first.stage_started_at);
      assert.notEqual(second.updated_at, first.updated_at);
      assert.equal(second.loss, 0.5);
    } finally {
      monitor.stop();
    }
  });

  it('aborts its signal once the run is cancelled, whether it was reading or writing', async () => {
    for (const reporting of [false, true]) {
      const row = new FakeRunRow();
      const monitor = new RunMonitor(row.repository, 'run-1', { watchMs: 10, writeMs: 0 });
      try {
        if (reporting) monitor.report({ stage: 'load', fit: null });
        await sleep(40);
        assert.equal(monitor.signal.aborted, false);
        row.status = 'cancelled';
        if (reporting) monitor.report({ stage: 'fit', fit: null });
        await sleep(40);
        assert.equal(monitor.signal.aborted, true);
      } finally {
        monitor.stop();
      }
    }
  });
});
