import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, roleGrants, UnauthenticatedError, type Caller, type Permission } from '@mnist-lab/contracts';
import { KeyAuthenticator, secretsEqual, type Env } from '@mnist-lab/infra';
import { type AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './current-caller';

const BEARER = /^Bearer ([^\s]+)$/;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Default-deny: every route takes `Authorization: Bearer <key>` unless it is `@Public()`, and
 * needs `read` (GET) or `write` (anything else) in at least one of the caller's projects unless
 * `@Requires` names another permission. Which project a resource is in, and whether the caller
 * may touch it, each service checks through `authorize`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly metricsToken: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: KeyAuthenticator,
    config: ConfigService<Env, true>,
  ) {
    this.metricsToken = config.get('METRICS_TOKEN', { infer: true });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const access = this.reflector.getAllAndOverride<'open' | 'metrics' | undefined>(PUBLIC_ROUTE, targets);
    if (access === 'open') return true;
    if (access === 'metrics') {
      if (this.metricsToken === '' || secretsEqual(bearerKey(request) ?? '', this.metricsToken)) return true;
      throw new UnauthenticatedError('GET /metrics takes Authorization: Bearer <METRICS_TOKEN>');
    }
    const key = bearerKey(request);
    if (key === undefined) throw new UnauthenticatedError('no API key: send Authorization: Bearer <key>');
    const caller = await this.authenticator.authenticate(key);
    request.caller = caller;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets) ?? (READ_METHODS.has(request.method) ? 'read' : 'write');
    if (!mayAnywhere(caller, permission)) {
      throw new ForbiddenError(`${caller.keyName} may not ${permission} in any project (viewer: read, member: write, admin: manage)`);
    }
    return true;
  }
}

/** The key of `Authorization: Bearer <key>`; undefined without the header, 401 when it is not a bearer credential. */
function bearerKey(request: AuthenticatedRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = BEARER.exec(header);
  if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <key>"');
  return match[1];
}

function mayAnywhere(caller: Caller, permission: Permission): boolean {
  return caller.globalAdmin || Object.values(caller.roles).some((role) => roleGrants(role, permission));
}
