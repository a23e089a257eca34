import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@mnist-lab/contracts';
import { CurrentCaller, Requires } from '../auth/current-caller';
import { PROJECT, PROJECTS } from '../auth/access-schemas';
import { CreateProjectDto } from './dto/create-project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('access')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @Requires('manage')
  @ApiOperation({ summary: 'Create a project (a global admin only)' })
  @ApiCreatedResponse({ schema: PROJECT })
  @ApiBadRequestResponse({ description: 'An invalid name' })
  @ApiForbiddenResponse({ description: 'The key is not a global admin' })
  @ApiConflictResponse({ description: 'The name is taken' })
  create(@CurrentCaller() caller: Caller, @Body() body: CreateProjectDto) {
    return this.projects.create(caller, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The caller's projects, each with the caller's role (every project for a global admin)" })
  @ApiOkResponse({ schema: PROJECTS })
  list(@CurrentCaller() caller: Caller) {
    return this.projects.list(caller);
  }
}
