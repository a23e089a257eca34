import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnauthenticatedError } from '@mnist-lab/contracts';
import { generateApiKey, hashApiKey, isWellFormedApiKey } from './api-key-secret';
import type { ApiKeyRecord, ApiKeysRepository } from './api-keys.repository';
import { ENV_ADMIN, KEY_CACHE_MS, KeyAuthenticator } from './key-authenticator';

/** One stored key, its lookups counted; `revoke` changes it as the database would. */
function storedKey(fields: Partial<ApiKeyRecord> = {}) {
  const generated = generateApiKey();
  let record: ApiKeyRecord = {
    id: 'k1', name: 'ci', prefix: generated.prefix, project: 'alpha', role: 'member', expires_at: null, revoked_at: null,
    created_at: new Date(0), created_by: null, last_used_at: null, ...fields,
  };
  let lookups = 0;
  const keys = {
    findByHash: async (hash: string) => (lookups++, hash === generated.hash ? record : null),
    touch: async () => undefined,
  } as unknown as ApiKeysRepository;
  return { key: generated.key, keys, lookups: () => lookups, revoke: (at: Date) => (record = { ...record, revoked_at: at }) };
}

const unauthenticated = (pattern: RegExp) => (error: unknown) => error instanceof UnauthenticatedError && pattern.test(error.message);

describe('KeyAuthenticator', () => {
  it('generates 192-bit keys with a recognisable prefix, and stores their sha256', () => {
    const { key, prefix, hash } = generateApiKey();
    assert.ok(isWellFormedApiKey(key) && key.startsWith(prefix) && prefix.startsWith('mlk_'));
    assert.equal(hash, hashApiKey(key));
    assert.notEqual(generateApiKey().key, key);
  });

  it("gives a stored key's role in its project, and ADMIN_API_KEY a global admin", async () => {
    const stored = storedKey();
    const authenticator = new KeyAuthenticator(stored.keys, { adminKey: 'bootstrap-admin-secret' });
    assert.deepEqual(await authenticator.authenticate(stored.key), { keyId: 'k1', keyName: 'ci', globalAdmin: false, roles: { alpha: 'member' } });
    assert.equal(await authenticator.authenticate('bootstrap-admin-secret'), ENV_ADMIN);
    await assert.rejects(authenticator.authenticate('bootstrap-admin-secreT'), unauthenticated(/malformed/));
    await assert.rejects(authenticator.authenticate(generateApiKey().key), unauthenticated(/unknown/));
  });

  it('refuses a key at once after forget(id), as an instance that revoked it does', async () => {
    const stored = storedKey();
    const authenticator = new KeyAuthenticator(stored.keys, { adminKey: '', now: () => 1_000_000 });
    await authenticator.authenticate(stored.key);
    stored.revoke(new Date(1_000_000));
    authenticator.forget('k1');
    await assert.rejects(authenticator.authenticate(stored.key), unauthenticated(/revoked/));
    assert.equal(stored.lookups(), 2, 'looked up again');
  });

  it('refuses an expired key, and a revoked one once the cache has forgotten it', async () => {
    let now = 1_000_000;
    const stored = storedKey({ expires_at: new Date(1_000_000 + 10_000) });
    const authenticator = new KeyAuthenticator(stored.keys, { adminKey: '', now: () => now });
    await authenticator.authenticate(stored.key);
    stored.revoke(new Date(now));
    // Within the cache time the instance may still accept it; after, never.
    now += KEY_CACHE_MS - 1;
    await authenticator.authenticate(stored.key);
    assert.equal(stored.lookups(), 1, 'cached');
    now += 2;
    await assert.rejects(authenticator.authenticate(stored.key), unauthenticated(/revoked/));
    assert.ok(KEY_CACHE_MS <= 500, 'a revocation reaches every instance within a second');

    const expiring = storedKey({ expires_at: new Date(now + 100) });
    const other = new KeyAuthenticator(expiring.keys, { adminKey: '', now: () => now });
    await other.authenticate(expiring.key);
    now += 100;
    await assert.rejects(other.authenticate(expiring.key), unauthenticated(/expired/));
  });
});
