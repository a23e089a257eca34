import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionContext } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Reflector } from '@nestjs/core';
import { UnauthenticatedError } from '@mnist-lab/contracts';
import { ENV_ADMIN, KeyAuthenticator, type ApiKeysRepository, type Env } from '@mnist-lab/infra';
import { AuthGuard } from './auth.guard';
import { type AuthenticatedRequest, PUBLIC_ROUTE } from './current-caller';

const ADMIN_KEY = 'admin-key-of-this-spec';
const METRICS_TOKEN = 'scraper-token-of-this-spec';

/** The guard with ADMIN_API_KEY and `metricsToken`, no stored keys, on a route whose @Public() access is `access`. */
function guardFor(metricsToken: string, access: 'open' | 'metrics' | undefined) {
  const reflector = { getAllAndOverride: (key: string) => (key === PUBLIC_ROUTE ? access : undefined) } as unknown as Reflector;
  const keys = { findByHash: async () => null, touch: async () => undefined } as unknown as ApiKeysRepository;
  const config = { get: (name: string) => (name === 'METRICS_TOKEN' ? metricsToken : undefined) } as unknown as ConfigService<Env, true>;
  return new AuthGuard(reflector, new KeyAuthenticator(keys, { adminKey: ADMIN_KEY }), config);
}

function contextOf(request: Partial<AuthenticatedRequest>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }), getHandler: () => undefined, getClass: () => undefined } as unknown as ExecutionContext;
}

const bearer = (key: string) => ({ method: 'GET', headers: { authorization: `Bearer ${key}` } });
const unauthenticated = (pattern: RegExp) => (error: unknown) => error instanceof UnauthenticatedError && pattern.test(error.message);

describe('AuthGuard', () => {
  it('leaves GET /metrics open without METRICS_TOKEN', async () => {
    assert.equal(await guardFor('', 'metrics').canActivate(contextOf({ method: 'GET', headers: {} })), true);
  });

  it('lets only METRICS_TOKEN through to GET /metrics once it is set, not even the admin key', async () => {
    const guard = guardFor(METRICS_TOKEN, 'metrics');
    assert.equal(await guard.canActivate(contextOf(bearer(METRICS_TOKEN))), true);
    for (const request of [{ method: 'GET', headers: {} }, bearer(`${METRICS_TOKEN}x`), bearer(ADMIN_KEY)]) {
      await assert.rejects(guard.canActivate(contextOf(request)), unauthenticated(/METRICS_TOKEN/));
    }
    await assert.rejects(guard.canActivate(contextOf({ method: 'GET', headers: { authorization: `Basic ${METRICS_TOKEN}` } })), unauthenticated(/must be "Bearer <key>"/));
  });

  it('does not accept METRICS_TOKEN as an API key, and sets the caller of a key it accepts', async () => {
    const guard = guardFor(METRICS_TOKEN, undefined);
    await assert.rejects(guard.canActivate(contextOf(bearer(METRICS_TOKEN))), unauthenticated(/malformed/));
    const request: Partial<AuthenticatedRequest> = bearer(ADMIN_KEY);
    assert.equal(await guard.canActivate(contextOf(request)), true);
    assert.equal(request.caller, ENV_ADMIN);
  });
});
