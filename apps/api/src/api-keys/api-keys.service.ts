import { Injectable } from '@nestjs/common';
import { authorize, can, ForbiddenError, NotFoundError, readableProjects, type Caller, type Role } from '@mnist-lab/contracts';
import { InvalidParameterError } from '@mnist-lab/ml/spec';
import { ApiKeysRepository, KeyAuthenticator, ProjectsRepository, type ApiKeyRecord } from '@mnist-lab/infra';
import { AuditService } from '../audit/audit.service';
import { describeCaller } from '../auth/caller-label';

export interface NewKeyRequest {
  readonly name: string;
  /** null: a global admin key. */
  readonly project: string | null;
  readonly role: Role;
  readonly expires_at?: string;
}

/**
 * Who may hold which key: a project admin makes and revokes keys of its own project, a global
 * admin any key, global ones included. The secret leaves the service once, in `create`'s answer.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly projects: ProjectsRepository,
    private readonly audit: AuditService,
    private readonly authenticator: KeyAuthenticator,
  ) {}

  async create(caller: Caller, request: NewKeyRequest) {
    const expiresAt = request.expires_at === undefined ? null : new Date(request.expires_at);
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) throw new InvalidParameterError('expires_at', 'must be in the future');
    if (request.project === null) {
      if (request.role !== 'admin') throw new InvalidParameterError('role', 'a key without a project is a global admin: role must be admin');
      if (!caller.globalAdmin) throw new ForbiddenError(`only a global admin creates global keys; ${caller.keyName} is not one`);
    } else {
      authorize(caller, { resource: 'project', id: request.project, project: request.project }, 'manage');
      if (!(await this.projects.exists(request.project))) throw new NotFoundError('project', request.project);
    }
    const { key, record } = await this.keys.create({ name: request.name, project: request.project, role: request.role, expiresAt, createdBy: describeCaller(caller) });
    await this.audit.record(caller, { action: 'api_key.create', resource: 'api_key', resource_id: record.id, project: record.project, details: auditDetails(record) });
    return { ...identity(record), key };
  }

  /** The keys of the projects the caller administers (every key for a global admin); never a secret or a hash. */
  async list(caller: Caller) {
    const projects = readableProjects(caller);
    const managed = projects === 'all' ? undefined : projects.filter((project) => can(caller, project, 'manage'));
    return { items: (await this.keys.list(managed)).map(presentKey) };
  }

  /** Revokes the key at once; revoking it again changes nothing. A key the caller may not manage answers 404 or 403 as any resource does. */
  async revoke(caller: Caller, id: string): Promise<void> {
    const key = await this.keys.findById(id);
    if (key === null) throw new NotFoundError('api_key', id);
    if (key.project === null) {
      if (!caller.globalAdmin) throw new NotFoundError('api_key', id);
    } else {
      authorize(caller, { resource: 'api_key', id, project: key.project }, 'manage');
    }
    if (key.revoked_at !== null) return;
    const revoked = await this.keys.revoke(id, new Date());
    this.authenticator.forget(id);
    await this.audit.record(caller, { action: 'api_key.revoke', resource: 'api_key', resource_id: id, project: key.project, details: auditDetails(revoked ?? key) });
  }
}

/** What names a key and what it may do: the answer of its creation, with the secret beside it. */
function identity(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    project: key.project,
    role: key.role,
    expires_at: key.expires_at?.toISOString() ?? null,
    created_at: key.created_at.toISOString(),
  };
}

function presentKey(key: ApiKeyRecord) {
  return {
    ...identity(key),
    revoked_at: key.revoked_at?.toISOString() ?? null,
    created_by: key.created_by,
    last_used_at: key.last_used_at?.toISOString() ?? null,
  };
}

function auditDetails(key: ApiKeyRecord): Record<string, unknown> {
  return { name: key.name, prefix: key.prefix, role: key.role, expires_at: key.expires_at?.toISOString() ?? null };
}
