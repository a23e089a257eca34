import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkersOverviewDto } from './workers-overview.dto';
import { WorkersService } from './workers.service';

@ApiTags('workers')
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Get()
  @ApiOperation({
    summary: 'Live worker processes (build, backends, current jobs, CPU and memory), jobs per queue and state, and completed jobs per minute',
  })
  @ApiOkResponse({ type: WorkersOverviewDto })
  overview(): Promise<WorkersOverviewDto> {
    return this.workers.overview();
  }
}
