import { Module } from '@nestjs/common';
import { QueueModule, SweepsDataModule } from '@mnist-lab/infra';
import { SweepsController } from './sweeps.controller';
import { SweepsService } from './sweeps.service';

@Module({
  imports: [QueueModule, SweepsDataModule],
  controllers: [SweepsController],
  providers: [SweepsService],
})
export class SweepsModule {}
