import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { QUEUES } from '@mnist-lab/contracts';
import { redisConnectionOptions, type Env } from '../config/env';
import { JobQueue } from './job-queue';

/** BullMQ on REDIS_URL, every key under QUEUE_PREFIX so that several deployments share a Redis. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        connection: { ...redisConnectionOptions(config.get('REDIS_URL', { infer: true })), maxRetriesPerRequest: null },
        prefix: config.get('QUEUE_PREFIX', { infer: true }),
      }),
    }),
    // Job options are set per job, by JobQueue.
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  providers: [JobQueue],
  exports: [BullModule, JobQueue],
})
export class QueueModule {}
