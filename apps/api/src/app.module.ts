import { Module } from '@nestjs/common';
import { AppConfigModule, PrismaModule } from '@mnist-lab/infra';
import { HealthModule } from './health/health.module';
import { RunsModule } from './runs/runs.module';

@Module({
  imports: [AppConfigModule, PrismaModule, HealthModule, RunsModule],
})
export class AppModule {}
