import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { childProcessUsage } from './child-processes';

describe('childProcessUsage', { skip: process.platform !== 'linux' && 'reads Linux /proc' }, () => {
  it("reports each child's CPU time and resident memory, and no other process", async () => {
    // Busy for 400 ms, then idle until killed.
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 400; while (Date.now() < end); console.log("done"); setInterval(() => {}, 1000);'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await once(child.stdout, 'data');
      const usage = childProcessUsage();
      const own = usage.get(child.pid!);
      assert.ok(own, 'the child is listed');
      assert.ok(own.cpuMicros >= 200_000, `cpu ${own.cpuMicros} µs after 400 ms of work`);
      assert.ok(own.rssBytes > 10 * 1024 * 1024, `rss ${own.rssBytes} bytes`);
      assert.ok(!usage.has(process.pid), 'not the process itself');
      assert.equal(childProcessUsage(child.pid!).size, 0, 'the child has no children');
    } finally {
      child.kill();
    }
  });
});
