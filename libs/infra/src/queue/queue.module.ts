import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { QUEUES } from '@mnist-lab/contracts';
import { redisConnectionOptions, type Env } from '../config/env';

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
    BullModule.registerQueue(
      ...Object.values(QUEUES).map((name) => ({
        name,
        // Transient failures (a Postgres or Redis hiccup) are retried with backoff; processors
        // throw UnrecoverableError for deterministic ones.
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    ),
  ],
  exports: [BullModule],
})
export class QueueModule {}
