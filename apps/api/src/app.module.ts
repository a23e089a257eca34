import { Module } from '@nestjs/common';
import { AppConfigModule, LoggingModule, PrismaModule } from '@mnist-lab/infra';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.service';
import { AuthModule } from './auth/auth.module';
import { DatasetsModule } from './datasets/datasets.module';
import { EstimatorsModule } from './estimators/estimators.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { ProjectsModule } from './projects/projects.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { RunsModule } from './runs/runs.module';
import { SweepsModule } from './sweeps/sweeps.module';
import { WorkersModule } from './workers/workers.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule.forApp('api'),
    PrismaModule,
    // First: its guard authenticates every request before any other guard runs.
    AuthModule,
    AuditModule,
    // An interceptor: counts each request after the auth guard named its key.
    RateLimitsModule,
    HealthModule,
    RunsModule,
    DatasetsModule,
    EstimatorsModule,
    SweepsModule,
    ModelsModule,
    WorkersModule,
    MetricsModule,
    ProjectsModule,
    ApiKeysModule,
  ],
})
export class AppModule {}
