import { Module } from '@nestjs/common';
import { HistoryModule, QueueModule, QuotasModule, RunsDataModule } from '@mnist-lab/infra';
import { DatasetsModule } from '../datasets/datasets.module';
import { RunSearchService } from './history/run-search.service';
import { RunViewsController } from './run-views.controller';
import { RunViewsService } from './run-views.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({
  imports: [QueueModule, RunsDataModule, QuotasModule, DatasetsModule, HistoryModule],
  controllers: [RunsController, RunViewsController],
  providers: [RunsService, RunViewsService, RunSearchService],
})
export class RunsModule {}
