import { Module } from '@nestjs/common';
import { AppConfigModule, LoggingModule, PrismaModule } from '@mnist-lab/infra';
import { DatasetsModule } from './datasets/datasets.module';
import { EstimatorsModule } from './estimators/estimators.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { RunsModule } from './runs/runs.module';
import { SweepsModule } from './sweeps/sweeps.module';
import { WorkersModule } from './workers/workers.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule.forApp('api'),
    PrismaModule,
    HealthModule,
    RunsModule,
    DatasetsModule,
    EstimatorsModule,
    SweepsModule,
    ModelsModule,
    WorkersModule,
    MetricsModule,
  ],
})
export class AppModule {}
