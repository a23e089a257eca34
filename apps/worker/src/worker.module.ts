import { Module } from '@nestjs/common';
import { AppConfigModule, PrismaModule, QueueModule, RunsDataModule } from '@mnist-lab/infra';
import { RunsProcessor } from './runs/runs.processor';
import { DatasetCache } from './training/dataset-cache.service';
import { TrainingPool } from './training/training-pool.service';

@Module({
  imports: [AppConfigModule, PrismaModule, QueueModule, RunsDataModule],
  providers: [DatasetCache, TrainingPool, RunsProcessor],
})
export class WorkerModule {}
