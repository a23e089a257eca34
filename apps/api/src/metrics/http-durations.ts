import type { ApiMetrics } from '@mnist-lab/infra';
import type { NextFunction, Request, Response } from 'express';

/** The route label of a request no controller matched: static dashboard files, 404s, refused bodies. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Express middleware, mounted first, that times every request into
 * `mnist_lab_http_request_duration_seconds{method, route, status}`. The route is the matched
 * template (`/runs/:id`), never the URL, whose ids would make a series per request.
 */
export function recordHttpDurations(metrics: ApiMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const end = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => end({ method: request.method, route: routeTemplate(request), status: String(response.statusCode) }));
    next();
  };
}

function routeTemplate(request: Request): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : UNMATCHED_ROUTE;
}
