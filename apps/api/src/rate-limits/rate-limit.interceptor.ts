import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { type AuthenticatedRequest, PUBLIC_ROUTE } from '../auth/current-caller';
import { PREDICT_PATH } from '../models/binary-routes';
import { RequestLimiter } from './request-limiter';

/**
 * Counts every request against its caller's limit before the handler (and its body validation)
 * runs. An interceptor, because Nest runs interceptors after every guard: the auth guard has set
 * the caller by then, so the count is per API key, whichever api instance answers (a request the
 * guard refused with a 401 never gets here). Public routes (health, metrics) are not counted:
 * probes and scrapers must never be refused.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RequestLimiter,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http' || this.reflector.getAllAndOverride(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.caller === undefined) throw new Error('RateLimitInterceptor on a route the auth guard did not authenticate');
    await this.limiter.consume(request.method === 'POST' && PREDICT_PATH.test(request.path) ? 'predict' : 'requests', `key:${request.caller.keyId}`);
    return next.handle();
  }
}
