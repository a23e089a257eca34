import { HttpException, HttpStatus } from '@nestjs/common';
import { raw, type NextFunction, type Request, type Response } from 'express';

/**
 * express.raw() for one route, as a Nest middleware: the body becomes a Buffer read into memory up
 * to `limit` bytes (a declared or actual larger body is refused with 413 without reading further).
 * A failure is thrown as an HttpException, so it reaches Nest's exception filters as a JSON error
 * instead of travelling down express's error middleware.
 */
export function rawBodyMiddleware(options: { readonly type: string | string[]; readonly limit: number }) {
  const parse = raw({ type: options.type, limit: options.limit });
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    await new Promise<void>((resolve, reject) => parse(req, res, (error?: unknown) => (error ? reject(toHttpException(error, options.limit)) : resolve())));
    next();
  };
}

function toHttpException(error: unknown, limit: number): HttpException {
  const { status, type, message } = error as { status?: number; type?: string; message?: string };
  if (type === 'entity.too.large') {
    return new HttpException(`the request body is larger than the limit of ${limit / 1024 / 1024} MB`, HttpStatus.PAYLOAD_TOO_LARGE);
  }
  return new HttpException(message ?? 'the request body could not be read', typeof status === 'number' && status >= 400 && status < 600 ? status : HttpStatus.BAD_REQUEST);
}
