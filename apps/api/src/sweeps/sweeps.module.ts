import { Module } from '@nestjs/common';
import { QueueModule, SweepsDataModule } from '@mnist-lab/infra';
import { DatasetsModule } from '../datasets/datasets.module';
import { SweepsController } from './sweeps.controller';
import { SweepsService } from './sweeps.service';

@Module({
  imports: [QueueModule, SweepsDataModule, DatasetsModule],
  controllers: [SweepsController],
  providers: [SweepsService],
})
export class SweepsModule {}
