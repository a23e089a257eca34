import { Module } from '@nestjs/common';
import { QueueModule, WorkerPresenceModule } from '@mnist-lab/infra';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';

@Module({
  imports: [QueueModule, WorkerPresenceModule],
  controllers: [WorkersController],
  providers: [WorkersService],
  exports: [WorkersService],
})
export class WorkersModule {}
