import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HEALTH, LIVENESS } from '../common/response-schemas';
import { Public } from '../auth/current-caller';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @ApiOperation({ summary: 'Readiness: Postgres and Redis reachability; 503 naming the dependency that is down' })
  @ApiOkResponse({ description: '{"status": "ok", "message": "ready: ...", "details": {"postgres": {"status": "up"}, "redis": {...}}}', schema: HEALTH })
  @ApiServiceUnavailableResponse({ description: '{"status": "error", "message": "not ready: postgres is down (...)", "error": {...}, "details": {...}}' })
  async check(@Res({ passthrough: true }) res: Response) {
    const { ready, message, result } = await this.readiness.check();
    if (!ready) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { ...result, message };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves requests (whatever its dependencies); restart it only when this fails' })
  @ApiOkResponse({ schema: LIVENESS })
  live() {
    return { status: 'ok' };
  }
}
