import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunTrialJob } from '@mnist-lab/contracts';
import { UnrecoverableError } from 'bullmq';
import { isFinalAttempt, parseJobData } from './job-errors';

describe('parseJobData', () => {
  it('turns a malformed payload into an UnrecoverableError, so BullMQ does not retry it', () => {
    assert.throws(() => parseJobData(parseRunTrialJob, { sweepId: 'x', candidate: 0, fold: 0 }), (error: unknown) => {
      return error instanceof UnrecoverableError && /job\.data\.sweepId: must be a UUID/.test(error.message);
    });
  });

  it('passes a valid payload through', () => {
    const data = { sweepId: '00000000-0000-4000-8000-000000000000', candidate: 2, fold: 1 };
    assert.deepEqual(parseJobData(parseRunTrialJob, data), data);
  });
});

describe('isFinalAttempt', () => {
  const job = (attemptsMade: number) => ({ attemptsMade, opts: { attempts: 5 } });

  it('is false while retries remain for a transient error', () => {
    assert.equal(isFinalAttempt(job(1), new Error('connection reset')), false);
  });

  it('is true on the last attempt, or at once for an unrecoverable error', () => {
    assert.equal(isFinalAttempt(job(5), new Error('connection reset')), true);
    assert.equal(isFinalAttempt(job(1), new UnrecoverableError('bad spec')), true);
  });
});
