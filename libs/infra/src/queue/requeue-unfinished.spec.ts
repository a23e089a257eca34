import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { QUEUES, validateRunRequest, type FinalizeSweepJob, type RunTrialJob, type TrainRunJob } from '@mnist-lab/contracts';
import { Queue, type ConnectionOptions } from 'bullmq';
import { redisConnectionOptions } from '../config/env';
import type { PrismaService } from '../prisma/prisma.service';
import type { RunsRepository } from '../runs/runs.repository';
import type { SweepsRepository } from '../sweeps/sweeps.repository';
import { connectRepositories, createTestDatabase, smallSweep, type TestDatabase } from '../testing/test-database';
import { JobQueue } from './job-queue';
import { requeueUnfinished } from './requeue-unfinished';

const connection: ConnectionOptions = redisConnectionOptions(process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const owner = (project: string) => ({ project, createdBy: null });

describe('requeueUnfinished (Postgres and Redis): recovery after Redis lost its jobs', () => {
  let database: TestDatabase;
  let repositories: { prisma: PrismaService; runs: RunsRepository; sweeps: SweepsRepository };
  let queues: { runs: Queue<TrainRunJob>; trials: Queue<RunTrialJob>; sweeps: Queue<FinalizeSweepJob> };
  let jobs: JobQueue;

  before(async () => {
    database = await createTestDatabase('requeue');
    repositories = await connectRepositories(database.url);
    const prefix = `test-requeue-${process.pid}-${randomBytes(4).toString('hex')}`;
    queues = {
      runs: new Queue(QUEUES.runs, { connection, prefix }),
      trials: new Queue(QUEUES.trials, { connection, prefix }),
      sweeps: new Queue(QUEUES.sweeps, { connection, prefix }),
    };
    jobs = new JobQueue(queues.runs, queues.trials, queues.sweeps);
  });

  after(async () => {
    for (const queue of Object.values(queues)) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await repositories?.prisma.$disconnect();
    await database?.drop();
  });

  it("queues each project's unfinished work again in submission order, the projects taking turns as before", async () => {
    const { runs, sweeps } = repositories;
    // Project a: a 4-candidate sweep (C=10 is the costliest: more iterations), then b: a 2-candidate sweep, and a run each.
    const big = smallSweep({ param_distributions: { C: [0.01, 0.1, 1, 10] }, n_iter: 4 });
    const sweepOfA = await sweeps.create(big.request, big.candidates.map((candidate) => candidate.params), owner('a'));
    const small = smallSweep();
    const sweepOfB = await sweeps.create(small.request, small.candidates.map((candidate) => candidate.params), owner('b'));
    const runRequest = validateRunRequest({ dataset: 'mnist_784', n_samples: 1000, estimator: { type: 'logistic_regression' } });
    const runOfA = await runs.create(runRequest, owner('a'));
    const runOfB = await runs.create(runRequest, owner('b'));

    // What the api queued when they were submitted, on the same queues.
    await jobs.enqueueTrials({ id: sweepOfA.id, project: 'a', estimator: big.request.estimator, candidates: big.candidates.map((c) => c.params), cv: 2 });
    await jobs.enqueueTrials({ id: sweepOfB.id, project: 'b', estimator: small.request.estimator, candidates: small.candidates.map((c) => c.params), cv: 2 });
    const submitted = (await queues.trials.getPrioritized()).map((job) => [job.id, job.priority]);

    // Redis loses every job.
    for (const queue of [queues.trials, queues.runs]) await queue.obliterate({ force: true });
    assert.equal(await requeueUnfinished(jobs, runs, sweeps), 8 + 4 + 2);
    assert.deepEqual((await queues.trials.getPrioritized()).map((job) => [job.id, job.priority]), submitted);
    const order = (await queues.trials.getPrioritized()).map((job) => (job.data.sweepId === sweepOfA.id ? 'a' : 'b'));
    assert.deepEqual(order, ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'a', 'a', 'a']);
    assert.deepEqual((await queues.runs.getPrioritized()).map((job) => [job.data.runId, job.priority]), [[runOfA.id, 1], [runOfB.id, 1]]);

    // A second worker recovering at the same time adds nothing and takes no turns.
    assert.equal(await requeueUnfinished(jobs, runs, sweeps), 0);
    assert.deepEqual((await queues.trials.getPrioritized()).map((job) => [job.id, job.priority]), submitted);
  });
});
