import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { tap, type Observable } from 'rxjs';

/** A finished run's results and a dataset's images never change, so any cache may keep them. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * Marks a successful response as cacheable for good. Set once the handler has succeeded, not with
 * `@Header()`, which Nest applies before the handler runs: a 404, or the 409 of a run that is still
 * training, must not be cached.
 */
@Injectable()
export class ImmutableResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(tap(() => context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', IMMUTABLE_CACHE_CONTROL)));
  }
}
