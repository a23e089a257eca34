import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { WorkerDirectory, WorkerPresenceService } from './worker-presence';

/** Workers publish their presence (WorkerPresenceService); the api lists it (WorkerDirectory). */
@Module({
  imports: [QueueModule],
  providers: [WorkerPresenceService, WorkerDirectory],
  exports: [WorkerPresenceService, WorkerDirectory],
})
export class WorkerPresenceModule {}
