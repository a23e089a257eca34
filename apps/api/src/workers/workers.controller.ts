import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkersService } from './workers.service';

@ApiTags('workers')
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Get()
  @ApiOperation({ summary: 'Live worker processes, queue depths and completed jobs per minute, per queue' })
  @ApiOkResponse({
    description:
      '{"workers": [{"id", "name", "queue", "addr", "age_seconds", "idle_seconds"}], ' +
      '"queues": {"runs": {"waiting", "active", "completed", "failed", "delayed"}, "trials": ..., "sweeps": ...}, ' +
      '"jobs_per_minute": {"runs", "trials", "sweeps"}, "throughput_window_minutes": 5}',
  })
  overview() {
    return this.workers.overview();
  }
}
