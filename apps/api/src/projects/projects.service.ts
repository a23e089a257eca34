import { Injectable } from '@nestjs/common';
import { ForbiddenError, readableProjects, roleIn, type Caller, type Role } from '@mnist-lab/contracts';
import { ProjectsRepository, type ProjectRecord } from '@mnist-lab/infra';
import { AuditService } from '../audit/audit.service';
import { describeCaller } from '../auth/caller-label';

export interface ProjectView {
  readonly name: string;
  readonly created_at: string;
  readonly created_by: string | null;
  /** The caller's role in it. */
  readonly role: Role;
}

@Injectable()
export class ProjectsService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Only a global admin creates projects: a project admin's key holds no role in a new one, so it could not use it. */
  async create(caller: Caller, name: string): Promise<ProjectView> {
    if (!caller.globalAdmin) throw new ForbiddenError(`only a global admin creates projects; ${caller.keyName} is not one`);
    const project = await this.projects.create(name, describeCaller(caller));
    await this.audit.record(caller, { action: 'project.create', resource: 'project', resource_id: name, project: name });
    return view(caller, project);
  }

  async list(caller: Caller): Promise<{ items: ProjectView[] }> {
    const projects = readableProjects(caller);
    return { items: (await this.projects.list(projects === 'all' ? undefined : projects)).map((project) => view(caller, project)) };
  }
}

function view(caller: Caller, project: ProjectRecord): ProjectView {
  return { name: project.name, created_at: project.created_at.toISOString(), created_by: project.created_by, role: roleIn(caller, project.name) ?? 'viewer' };
}
