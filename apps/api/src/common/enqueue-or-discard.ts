import { Logger } from '@nestjs/common';
import { QueueUnavailableError } from '@mnist-lab/contracts';

const logger = new Logger('Enqueue');

/**
 * Postgres first, then Redis: work is stored, then enqueued. When the queue cannot take it, the
 * stored rows are removed again, so that a 503 leaves nothing behind.
 */
export async function enqueueOrDiscard(what: string, enqueue: () => Promise<unknown>, discard: () => Promise<void>): Promise<void> {
  try {
    await enqueue();
  } catch (error) {
    logger.error(`could not enqueue ${what}: ${String(error)}`);
    await discard();
    throw new QueueUnavailableError('the job queue is unavailable; nothing was stored, try again');
  }
}
