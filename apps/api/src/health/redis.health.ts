import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { QUEUES } from '@mnist-lab/contracts';
import type { Queue } from 'bullmq';

/** Redis is healthy when the queue answers a round trip (its job counts) within a second. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectQueue(QUEUES.runs) private readonly queue: Queue,
  ) {}

  async isHealthy(key: string) {
    const indicator = this.health.check(key);
    try {
      const counts = await Promise.race([
        this.queue.getJobCounts('waiting', 'active'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out after 1000 ms')), 1000).unref()),
      ]);
      return indicator.up({ waiting: counts['waiting'], active: counts['active'] });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
