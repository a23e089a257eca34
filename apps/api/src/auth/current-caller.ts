import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Caller, Permission } from '@mnist-lab/contracts';
import type { Request } from 'express';

/** The request once the auth guard has authenticated it. */
export interface AuthenticatedRequest extends Request {
  caller?: Caller;
}

/**
 * The request's authenticated Caller, as the global auth guard set it. A handler of a `@Public()`
 * route has none, so using it there is a programming error.
 */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (caller === undefined) throw new Error('@CurrentCaller() on a route the auth guard did not authenticate (a @Public() route?)');
  return caller;
});

export const PUBLIC_ROUTE = 'mnist-lab:public';
export const REQUIRED_PERMISSION = 'mnist-lab:requires';

/**
 * A route anyone may call without a key (health checks). `metrics`: open too, unless
 * METRICS_TOKEN is set, and then only with that token (a Prometheus scraper holds no API key).
 */
export const Public = (access: 'open' | 'metrics' = 'open'): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, access);

/**
 * The permission a route needs in at least one project (the guard's check); without it, `read`
 * for GET and `write` for everything else. The resource's own project is checked by the service.
 */
export const Requires = (permission: Permission): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSION, permission);
