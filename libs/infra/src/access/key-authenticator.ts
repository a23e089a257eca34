import { UnauthenticatedError, type Caller } from '@mnist-lab/contracts';
import { hashApiKey, isWellFormedApiKey, secretsEqual } from './api-key-secret';
import type { ApiKeyRecord, ApiKeysRepository } from './api-keys.repository';

/** The caller ADMIN_API_KEY authenticates. */
export const ENV_ADMIN: Caller = { keyId: 'env:admin', keyName: 'ADMIN_API_KEY', globalAdmin: true, roles: {} };

/**
 * How long one api instance trusts what it read about a key. A revoked key must stop working on
 * every instance within a second; half of that leaves room for the lookup itself.
 */
export const KEY_CACHE_MS = 500;
/** Cached lookups at most (unknown keys included, so a flood of wrong keys cannot grow it without end). */
const KEY_CACHE_ENTRIES = 10_000;

export interface KeyAuthenticatorOptions {
  /** ADMIN_API_KEY; empty: none. */
  readonly adminKey: string;
  readonly now?: () => number;
}

/**
 * Turns a bearer key into its Caller, or throws UnauthenticatedError saying why (malformed,
 * unknown, expired, revoked). Stored keys are looked up by hash and remembered for KEY_CACHE_MS.
 */
export class KeyAuthenticator {
  private readonly cache = new Map<string, { readonly key: ApiKeyRecord | null; readonly until: number }>();
  private readonly now: () => number;

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly options: KeyAuthenticatorOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async authenticate(key: string): Promise<Caller> {
    if (this.options.adminKey !== '' && secretsEqual(key, this.options.adminKey)) return ENV_ADMIN;
    if (!isWellFormedApiKey(key)) throw new UnauthenticatedError('the API key is malformed: expected mlk_ followed by 32 characters');
    const now = this.now();
    const record = await this.lookup(hashApiKey(key), now);
    if (record === null) throw new UnauthenticatedError('unknown API key');
    if (record.revoked_at !== null) throw new UnauthenticatedError(`API key ${record.prefix} was revoked at ${record.revoked_at.toISOString()}`);
    if (record.expires_at !== null && record.expires_at.getTime() <= now) {
      throw new UnauthenticatedError(`API key ${record.prefix} expired at ${record.expires_at.toISOString()}`);
    }
    return callerOf(record);
  }

  /**
   * Drops what this instance remembers about key `id`: a key revoked through this instance stops
   * working on it at once (other instances see it within KEY_CACHE_MS).
   */
  forget(id: string): void {
    for (const [hash, cached] of this.cache) if (cached.key?.id === id) this.cache.delete(hash);
  }

  private async lookup(hash: string, now: number): Promise<ApiKeyRecord | null> {
    const cached = this.cache.get(hash);
    if (cached !== undefined && cached.until > now) return cached.key;
    const key = await this.keys.findByHash(hash);
    if (this.cache.size >= KEY_CACHE_ENTRIES) this.cache.clear();
    this.cache.set(hash, { key, until: now + KEY_CACHE_MS });
    // Best effort: a failed write of last_used_at must not refuse the request.
    if (key !== null) this.keys.touch(key.id, new Date(now)).catch(() => undefined);
    return key;
  }
}

export function callerOf(key: Pick<ApiKeyRecord, 'id' | 'name' | 'project' | 'role'>): Caller {
  return key.project === null
    ? { keyId: key.id, keyName: key.name, globalAdmin: true, roles: {} }
    : { keyId: key.id, keyName: key.name, globalAdmin: false, roles: { [key.project]: key.role } };
}
