import { Module } from '@nestjs/common';
import { AppConfigModule, PrismaModule } from '@mnist-lab/infra';
import { HealthModule } from './health/health.module';
import { RunsModule } from './runs/runs.module';
import { SweepsModule } from './sweeps/sweeps.module';

@Module({
  imports: [AppConfigModule, PrismaModule, HealthModule, RunsModule, SweepsModule],
})
export class AppModule {}
