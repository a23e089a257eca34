import { ForbiddenException, type HttpException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Routes that take a body other than JSON, and the media types each accepts (JSON is always accepted). */
export interface BinaryRoute {
  readonly method: string;
  /** The whole path, without the query string. */
  readonly path: RegExp;
  readonly types: readonly string[];
}

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses, with 415, a request that changes something and is not JSON (or one of its route's
 * documented binary types). Why: an HTML form on any web site can make a user's browser POST
 * application/x-www-form-urlencoded, multipart/form-data or text/plain here without any CORS
 * check, and so start or cancel work; only those "simple" types cross origins unasked, and a
 * JSON body cannot be sent that way. A request without a Content-Type passes only when it has no
 * body (POST /sweeps/:id/cancel); a browser marks a cross-site request with Sec-Fetch-Site, and
 * such a request is refused with 403 whatever its type.
 */
export function requireJsonBodies(binaryRoutes: readonly BinaryRoute[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!METHODS_WITH_BODY.has(req.method)) {
      next();
      return;
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      refuse(req, next, new ForbiddenException(`${req.method} requests from another site's pages are refused`));
      return;
    }
    const path = req.path;
    const accepted = ['application/json', ...(binaryRoutes.find((route) => route.method === req.method && route.path.test(path))?.types ?? [])];
    const type = req.headers['content-type'];
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (type === undefined ? !hasBody : accepted.includes(essence(type)) || essence(type).endsWith('+json')) {
      next();
      return;
    }
    const got = type === undefined ? 'a body without a Content-Type' : `Content-Type ${JSON.stringify(type)}`;
    refuse(req, next, new UnsupportedMediaTypeException(`${req.method} ${path} takes ${accepted.join(' or ')}; got ${got}`));
  };
}

/** The media type without its parameters: `application/json; charset=utf-8` is `application/json`. */
function essence(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** Answers at once (through the exception filter) and drops the unread body, so that the client sees the answer. */
function refuse(req: Request, next: NextFunction, error: HttpException): void {
  req.resume();
  next(error);
}
