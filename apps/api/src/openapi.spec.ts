import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('the OpenAPI document', () => {
  it("is what the dashboard's generated types (apps/web/src/api/schema.d.ts) were made from", () => {
    // From the compiled spec in apps/api/dist to the repository's root.
    const root = join(__dirname, '..', '..', '..');
    const check = spawnSync(process.execPath, [join(root, 'tools', 'openapi-types.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  });
});
