import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidParameterError } from '@mnist-lab/ml';
import { parseFinalizeSweepJob, parseRunTrialJob, parseTrainRunJob } from './jobs';

const ID = '00000000-0000-4000-8000-000000000000';

describe('job payloads (read from Redis, so checked like any input)', () => {
  it('pass through when well formed, dropping anything else', () => {
    assert.deepEqual(parseTrainRunJob({ runId: ID, extra: 1 }), { runId: ID });
    assert.deepEqual(parseRunTrialJob({ sweepId: ID, candidate: 3, fold: 0 }), { sweepId: ID, candidate: 3, fold: 0 });
    assert.deepEqual(parseFinalizeSweepJob({ sweepId: ID }), { sweepId: ID });
  });

  it('name the bad field', () => {
    const fails = (parse: () => unknown, message: RegExp) =>
      assert.throws(parse, (error: unknown) => error instanceof InvalidParameterError && message.test(error.message));
    fails(() => parseTrainRunJob({ runId: 'run-1' }), /job\.data\.runId: must be a UUID; got "run-1"/);
    fails(() => parseTrainRunJob(null), /job\.data\.runId: must be a UUID; got undefined/);
    fails(() => parseRunTrialJob({ sweepId: ID, candidate: -1, fold: 0 }), /job\.data\.candidate: must be a non-negative integer; got -1/);
    fails(() => parseRunTrialJob({ sweepId: ID, candidate: 0, fold: 1.5 }), /job\.data\.fold: must be a non-negative integer; got 1\.5/);
    fails(() => parseFinalizeSweepJob({ sweepId: 7 }), /job\.data\.sweepId: must be a UUID; got 7/);
  });
});
