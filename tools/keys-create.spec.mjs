import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseKeyArgs } from './keys-create.mjs';

const require = createRequire(import.meta.url);
const CLI = fileURLToPath(new URL('./keys-create.mjs', import.meta.url));

describe('parseKeyArgs', () => {
  it('reads a project key and a global one', () => {
    assert.deepEqual(parseKeyArgs(['--name', 'ci', '--role', 'member', '--project', 'team-a']), {
      help: false,
      name: 'ci',
      role: 'member',
      project: 'team-a',
      expiresAt: undefined,
    });
    const global = parseKeyArgs(['--name', 'ops', '--role', 'admin', '--global', '--expires-at', '2030-01-01T00:00:00Z']);
    assert.deepEqual([global.project, global.expiresAt], [null, '2030-01-01T00:00:00Z']);
  });

  it('names what is missing or mixed', () => {
    for (const [argv, message] of [
      [['--role', 'member', '--project', 'p'], /--name is required/],
      [['--name', 'x', '--project', 'p'], /--role is required/],
      [['--name', 'x', '--role', 'admin'], /either --project PROJECT or --global/],
      [['--name', 'x', '--role', 'admin', '--project', 'p', '--global'], /either --project PROJECT or --global/],
      [['--name', 'x', '--bogus'], /Unknown option '--bogus'/],
    ]) {
      assert.throws(() => parseKeyArgs(argv), message, argv.join(' '));
    }
  });
});

describe('npm run keys:create (against Postgres: TEST_DATABASE_URL, else localhost)', () => {
  const { createTestDatabase, withClient } = require('../libs/infra/dist/testing/test-database.js');
  let database;
  before(async () => (database = await createTestDatabase('keys-cli')));
  after(async () => database?.drop());

  const cli = (...args) => spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, DATABASE_URL: database.url }, encoding: 'utf8' });

  it('prints a new key once, stores its sha256 in a project it creates, and audits both', async () => {
    const result = cli('--name', 'ci', '--role', 'member', '--project', 'team-cli');
    assert.equal(result.status, 0, result.stderr);
    const key = result.stdout.trim();
    assert.match(key, /^mlk_[A-Za-z0-9_-]{32}$/, 'stdout is the key alone');
    assert.match(result.stderr, /created project team-cli/);
    await withClient(database.url, async (client) => {
      const keys = (await client.query('SELECT * FROM api_keys')).rows;
      assert.equal(keys.length, 1);
      assert.equal(keys[0].key_hash, createHash('sha256').update(key).digest('hex'));
      assert.ok(!JSON.stringify(keys).includes(key), 'the key itself is not stored');
      assert.deepEqual([keys[0].project, keys[0].role], ['team-cli', 'member']);
      const audited = (await client.query('SELECT action, key_name FROM audit_events ORDER BY at')).rows.map((row) => `${row.action} by ${row.key_name}`);
      assert.deepEqual(audited, ['project.create by npm run keys:create', 'api_key.create by npm run keys:create']);
    });
  });

  it('refuses a bad role, a non-admin global key and a past expiry, naming the option, and stores nothing', async () => {
    for (const [args, message] of [
      [['--name', 'x', '--role', 'owner', '--project', 'p'], /--role: must be one of viewer, member, admin/],
      [['--name', 'x', '--role', 'member', '--global'], /--role: a global key must be admin/],
      [['--name', 'x', '--role', 'viewer', '--project', 'p', '--expires-at', '2000-01-01T00:00:00Z'], /--expires-at: must be an ISO date-time in the future/],
    ]) {
      const result = cli(...args);
      assert.equal(result.status, 1, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
    await withClient(database.url, async (client) => assert.equal((await client.query('SELECT count(*)::int AS n FROM api_keys')).rows[0].n, 1));
  });
});
