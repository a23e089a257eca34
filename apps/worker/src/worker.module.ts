import { Module } from '@nestjs/common';
import {
  AppConfigModule,
  LoggingModule,
  PrismaModule,
  QueueModule,
  RunsDataModule,
  SweepsDataModule,
  WorkerMetrics,
  WorkerPresenceModule,
} from '@mnist-lab/infra';
import { RecoveryService } from './recovery/recovery.service';
import { RunsProcessor } from './runs/runs.processor';
import { FinalizeSweepProcessor } from './sweeps/finalize-sweep.processor';
import { TrialsProcessor } from './sweeps/trials.processor';
import { JobTelemetry } from './telemetry/job-telemetry';
import { MetricsServer } from './telemetry/metrics-server';
import { TrainingPool } from './training/training-pool.service';

@Module({
  imports: [AppConfigModule, LoggingModule.forApp('worker'), PrismaModule, QueueModule, RunsDataModule, SweepsDataModule, WorkerPresenceModule],
  providers: [WorkerMetrics, MetricsServer, JobTelemetry, TrainingPool, RunsProcessor, TrialsProcessor, FinalizeSweepProcessor, RecoveryService],
})
export class WorkerModule {}
