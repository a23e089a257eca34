import { Module } from '@nestjs/common';
import { ApiMetrics } from '@mnist-lab/infra';
import { WorkersModule } from '../workers/workers.module';
import { WorkersService } from '../workers/workers.service';
import { MetricsController } from './metrics.controller';

/** `GET /metrics`; the request timer itself is mounted in main.ts, ahead of every other middleware. */
@Module({
  imports: [WorkersModule],
  controllers: [MetricsController],
  providers: [ApiMetrics],
  exports: [ApiMetrics],
})
export class MetricsModule {
  constructor(metrics: ApiMetrics, workers: WorkersService) {
    metrics.watchQueues(() => workers.depths());
  }
}
