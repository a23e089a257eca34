import { PrismaPg } from '@prisma/adapter-pg';
import { PROJECT_NAME, PROJECT_NAME_RULE, ROLES, type Caller, type Role } from '@mnist-lab/contracts';
import { InvalidParameterError } from '@mnist-lab/ml/spec';
import { PrismaClient } from '../generated/prisma/client';
import { ApiKeysRepository, type ApiKeyRecord } from './api-keys.repository';
import { AuditRepository } from './audit.repository';
import { ProjectsRepository } from './projects.repository';

/** Who the audit log names for what `npm run keys:create` did. */
export const CLI_CALLER: Caller = { keyId: 'cli', keyName: 'npm run keys:create', globalAdmin: true, roles: {} };

export interface CliKeyRequest {
  readonly name: string;
  /** null: a global admin key. */
  readonly project: string | null;
  readonly role: string;
  readonly expiresAt?: string;
}

/**
 * Creates a key straight in Postgres, for an operator without a key yet (the CLI): the project
 * is created when it does not exist, and both are audited. The returned `key` is the only copy.
 */
export async function createKeyInDatabase(databaseUrl: string, request: CliKeyRequest): Promise<{ key: string; record: ApiKeyRecord; projectCreated: boolean }> {
  const role = checkedRole(request.role);
  if (request.name.length < 1 || request.name.length > 100) throw new InvalidParameterError('name', 'must be 1-100 characters');
  if (request.project !== null && !PROJECT_NAME.test(request.project)) throw new InvalidParameterError('project', `must be ${PROJECT_NAME_RULE}`);
  if (request.project === null && role !== 'admin') throw new InvalidParameterError('role', 'a global key must be admin');
  const expiresAt = request.expiresAt === undefined ? null : new Date(request.expiresAt);
  if (expiresAt !== null && !(expiresAt.getTime() > Date.now())) throw new InvalidParameterError('expires-at', 'must be an ISO date-time in the future');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const projects = new ProjectsRepository(prisma);
    const audit = new AuditRepository(prisma);
    let projectCreated = false;
    if (request.project !== null && !(await projects.exists(request.project))) {
      await projects.create(request.project, CLI_CALLER.keyName);
      await audit.record(CLI_CALLER, { action: 'project.create', resource: 'project', resource_id: request.project, project: request.project });
      projectCreated = true;
    }
    const { key, record } = await new ApiKeysRepository(prisma).create({ name: request.name, project: request.project, role, expiresAt, createdBy: CLI_CALLER.keyName });
    await audit.record(CLI_CALLER, { action: 'api_key.create', resource: 'api_key', resource_id: record.id, project: record.project, details: { name: record.name, prefix: record.prefix, role } });
    return { key, record, projectCreated };
  } finally {
    await prisma.$disconnect();
  }
}

function checkedRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new InvalidParameterError('role', `must be one of ${ROLES.join(', ')}`);
  return role as Role;
}
