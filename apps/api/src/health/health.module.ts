import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueModule } from '@mnist-lab/infra';
import { HealthController } from './health.controller';
import { PostgresHealthIndicator } from './postgres.health';
import { ReadinessService } from './readiness.service';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), QueueModule],
  controllers: [HealthController],
  providers: [PostgresHealthIndicator, RedisHealthIndicator, ReadinessService],
  exports: [ReadinessService],
})
export class HealthModule {}
