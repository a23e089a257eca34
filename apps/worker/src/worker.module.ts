import { Module } from '@nestjs/common';
import { AppConfigModule, PrismaModule, QueueModule, RunsDataModule, SweepsDataModule } from '@mnist-lab/infra';
import { RecoveryService } from './recovery/recovery.service';
import { RunsProcessor } from './runs/runs.processor';
import { FinalizeSweepProcessor } from './sweeps/finalize-sweep.processor';
import { TrialsProcessor } from './sweeps/trials.processor';
import { TrainingPool } from './training/training-pool.service';

@Module({
  imports: [AppConfigModule, PrismaModule, QueueModule, RunsDataModule, SweepsDataModule],
  providers: [TrainingPool, RunsProcessor, TrialsProcessor, FinalizeSweepProcessor, RecoveryService],
})
export class WorkerModule {}
