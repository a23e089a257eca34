import { HttpException, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Buffers of `capacity` bytes handed out to one request at a time and taken back when its response
 * is done. At most `keep` idle buffers are kept; a request that finds none free gets a new one.
 */
export class BodyBufferPool {
  private readonly idle: Buffer[] = [];

  constructor(
    readonly capacity: number,
    private readonly keep = 2,
  ) {}

  acquire(): Buffer {
    // Buffer.alloc, not allocUnsafe: a buffer never holds a previous request's bytes past its end.
    return this.idle.pop() ?? Buffer.alloc(this.capacity);
  }

  release(buffer: Buffer): void {
    if (this.idle.length < this.keep && buffer.length === this.capacity) this.idle.push(buffer);
  }
}

/**
 * express.raw() for large binary bodies, read into a buffer of `pool` (at most its capacity;
 * a declared or actual larger body gets 413, an encoded one 415, after the rest is read off, as
 * body-parser does). `req.body` is a view of the buffer, valid until the response is done.
 *
 * Why: express.raw() keeps every chunk until the body ends, then concatenates them: for a batch of
 * 14000 images that is 22 MB per request, which lives through several minor GCs, is promoted, and
 * is freed only by a full mark-compact; V8 then runs one every few requests (external memory
 * pressure), which costs more than predicting the batch. Here each chunk is copied as it arrives
 * and dies young, and the buffer is reused.
 */
export function reusedBodyMiddleware(options: { readonly type: string; readonly pool: BodyBufferPool }) {
  const { type, pool } = options;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!req.is(type) || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)) {
      next();
      return;
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      throw await afterReadingOff(req, new HttpException(`content encoding ${JSON.stringify(encoding)} is not supported for ${type}; send the bytes as they are`, HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    }
    const declared = Number(req.headers['content-length']);
    if (declared > pool.capacity) throw await afterReadingOff(req, tooLarge(pool.capacity));

    const buffer = pool.acquire();
    // A response that did not finish (the client went away) may still have its prediction
    // reading this buffer: only a finished one gives it back for the next request.
    res.once('close', () => {
      if (res.writableFinished) pool.release(buffer);
    });
    let length = 0;
    let overflow = false;
    await new Promise<void>((resolve, reject) => {
      req.on('data', (chunk: Buffer) => {
        if (overflow || length + chunk.length > pool.capacity) {
          overflow = true;
          return;
        }
        chunk.copy(buffer, length);
        length += chunk.length;
      });
      req.once('end', resolve);
      req.once('error', reject);
      req.once('aborted', () => reject(new HttpException('the request was aborted while its body was being read', HttpStatus.BAD_REQUEST)));
    });
    if (overflow) throw tooLarge(pool.capacity);
    req.body = buffer.subarray(0, length);
    next();
  };
}

function tooLarge(limit: number): HttpException {
  return new HttpException(`the request body is larger than the limit of ${limit / 1024 / 1024} MB`, HttpStatus.PAYLOAD_TOO_LARGE);
}

/** `error`, once the rest of the request has been read and dropped, so that the client sees the answer. */
async function afterReadingOff(req: Request, error: HttpException): Promise<HttpException> {
  req.resume();
  await new Promise<void>((resolve) => {
    if (req.readableEnded) resolve();
    req.once('end', () => resolve());
    req.once('close', () => resolve());
  });
  return error;
}
