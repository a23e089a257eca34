import { Module } from '@nestjs/common';
import { QueueModule, RunsDataModule } from '@mnist-lab/infra';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({
  imports: [QueueModule, RunsDataModule],
  controllers: [RunsController],
  providers: [RunsService],
})
export class RunsModule {}
