import { Module } from '@nestjs/common';
import { QueueModule, QuotasModule, RunsDataModule } from '@mnist-lab/infra';
import { DatasetsModule } from '../datasets/datasets.module';
import { RunAnalysisController } from './history/run-analysis.controller';
import { RunAnalysisService } from './history/run-analysis.service';
import { RunViewsController } from './run-views.controller';
import { RunViewsService } from './run-views.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({
  imports: [QueueModule, RunsDataModule, QuotasModule, DatasetsModule],
  controllers: [RunAnalysisController, RunsController, RunViewsController],
  providers: [RunsService, RunViewsService, RunAnalysisService],
})
export class RunsModule {}
