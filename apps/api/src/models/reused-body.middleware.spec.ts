import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BodyBufferPool, reusedBodyMiddleware } from './reused-body.middleware';

/** A request whose body is `chunks`, with `headers`; and a response that can finish and close. */
function exchange(headers: Record<string, string>, chunks: Buffer[]) {
  const stream = new PassThrough();
  const req = Object.assign(stream, {
    headers,
    is: (type: string) => (headers['content-type'] === type ? type : false),
  }) as unknown as Request & { body?: Buffer };
  const res = Object.assign(new EventEmitter(), { writableFinished: false }) as unknown as Response & { writableFinished: boolean };
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
  return { req, res };
}

async function run(pool: BodyBufferPool, headers: Record<string, string>, chunks: Buffer[]) {
  const { req, res } = exchange(headers, chunks);
  let nexted = false;
  await reusedBodyMiddleware({ type: 'application/octet-stream', pool })(req, res, () => (nexted = true));
  return { body: req.body, nexted, res };
}

const binary = { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' };

describe('reusedBodyMiddleware', () => {
  it('reads the body chunk by chunk into a pooled buffer, reused once the response has finished', async () => {
    const pool = new BodyBufferPool(16);
    const first = await run(pool, binary, [Buffer.from([1, 2, 3]), Buffer.from([4, 5])]);
    assert.ok(first.nexted);
    assert.deepEqual(Array.from(first.body ?? []), [1, 2, 3, 4, 5]);
    first.res.writableFinished = true;
    first.res.emit('close');
    const second = await run(pool, { ...binary, 'content-length': '2' }, [Buffer.from([9, 8])]);
    assert.deepEqual(Array.from(second.body ?? []), [9, 8]);
    assert.equal(second.body?.buffer, first.body?.buffer, 'the same memory');
    // While the second response is open, a third request gets other memory.
    const third = await run(pool, binary, [Buffer.from([7])]);
    assert.notEqual(third.body?.buffer, second.body?.buffer);
  });

  it('does not reuse the buffer of a response closed before it finished: its prediction may still read it', async () => {
    const pool = new BodyBufferPool(16);
    const aborted = await run(pool, binary, [Buffer.from([1, 2])]);
    aborted.res.emit('close');
    const next = await run(pool, binary, [Buffer.from([3])]);
    assert.notEqual(next.body?.buffer, aborted.body?.buffer);
    assert.deepEqual(Array.from(aborted.body ?? []), [1, 2]);
  });

  it('refuses a body over the capacity with 413, declared or not, and an encoded one with 415', async () => {
    const pool = new BodyBufferPool(4);
    const status = async (headers: Record<string, string>, chunks: Buffer[]) =>
      run(pool, headers, chunks).then(
        () => 200,
        (error: unknown) => (error instanceof HttpException ? error.getStatus() : 500),
      );
    assert.equal(await status(binary, [Buffer.from([1, 2, 3]), Buffer.from([4, 5])]), 413);
    assert.equal(await status({ ...binary, 'content-length': '5' }, [Buffer.alloc(5)]), 413);
    assert.equal(await status({ ...binary, 'content-encoding': 'gzip' }, [Buffer.alloc(2)]), 415);
    assert.equal(await status(binary, [Buffer.alloc(4)]), 200);
  });

  it('leaves other content types and bodiless requests to the next handler', async () => {
    const pool = new BodyBufferPool(4);
    const png = await run(pool, { 'content-type': 'image/png', 'content-length': '1' }, [Buffer.from([1])]);
    assert.ok(png.nexted);
    assert.equal(png.body, undefined);
    const none = await run(pool, { 'content-type': 'application/octet-stream' }, []);
    assert.equal(none.body, undefined);
  });
});
