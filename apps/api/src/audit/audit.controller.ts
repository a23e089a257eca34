import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { authorize, can, readableProjects, type Caller } from '@mnist-lab/contracts';
import { AuditRepository } from '@mnist-lab/infra';
import { AUDIT_PAGE } from '../auth/access-schemas';
import { CurrentCaller, Requires } from '../auth/current-caller';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('access')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly events: AuditRepository) {}

  @Get()
  @Requires('manage')
  @ApiOperation({ summary: 'The audit log, newest first: who created, cancelled, deleted or uploaded what, and every key and project change' })
  @ApiOkResponse({ schema: AUDIT_PAGE })
  @ApiForbiddenResponse({ description: 'Not an admin (of the project asked for)' })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListAuditQuery) {
    if (query.project !== undefined) authorize(caller, { resource: 'project', id: query.project, project: query.project }, 'manage');
    const projects = readableProjects(caller);
    const page = await this.events.list({
      projects: projects === 'all' ? undefined : projects.filter((project) => can(caller, project, 'manage')),
      project: query.project,
      action: query.action,
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((event) => ({ ...event, at: event.at.toISOString(), details: event.details ?? null })), next_cursor: page.nextCursor };
  }
}
