import { Module } from '@nestjs/common';
import { QueueModule, QuotasModule, SweepsDataModule } from '@mnist-lab/infra';
import { DatasetsModule } from '../datasets/datasets.module';
import { SweepsController } from './sweeps.controller';
import { SweepsService } from './sweeps.service';

@Module({
  imports: [QueueModule, SweepsDataModule, QuotasModule, DatasetsModule],
  controllers: [SweepsController],
  providers: [SweepsService],
})
export class SweepsModule {}
