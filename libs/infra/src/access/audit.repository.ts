import type { Caller } from '@mnist-lab/contracts';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { keysetPage, type Page, type PageQuery } from '../pagination';

/** What happened, to which resource, in which project (null: a global change such as a global key). */
export interface AuditEventInput {
  /** `<resource>.<verb>`: `run.create`, `sweep.cancel`, `model.upload`, `api_key.revoke`, `project.create`, ... */
  readonly action: string;
  readonly resource: string;
  readonly resource_id: string | null;
  readonly project: string | null;
  readonly details?: Record<string, unknown>;
}

export interface AuditEventRecord extends AuditEventInput {
  readonly id: string;
  readonly at: Date;
  readonly key_id: string;
  readonly key_name: string;
}

export interface AuditListQuery extends PageQuery {
  /** Only these projects' events (a project admin's); undefined: every event (a global admin's). */
  readonly projects?: readonly string[];
  readonly project?: string;
  readonly action?: string;
}

/** The audit log: appended to, listed newest first, never changed. */
export class AuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async record(caller: Caller, event: AuditEventInput): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        keyId: caller.keyId,
        keyName: caller.keyName,
        action: event.action,
        resource: event.resource,
        resourceId: event.resource_id,
        project: event.project,
        ...(event.details === undefined ? {} : { details: event.details as Prisma.InputJsonObject }),
      },
    });
  }

  async list(query: AuditListQuery): Promise<Page<AuditEventRecord>> {
    const projectFilter: Prisma.AuditEventWhereInput[] = [
      ...(query.projects === undefined ? [] : [{ project: { in: [...query.projects] } }]),
      ...(query.project === undefined ? [] : [{ project: query.project }]),
    ];
    const where: Prisma.AuditEventWhereInput = { AND: projectFilter, ...(query.action === undefined ? {} : { action: query.action }) };
    return keysetPage(
      query,
      (keyset) => this.prisma.auditEvent.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], ...keyset }),
      async (row) => ({
        id: row.id,
        at: row.at,
        key_id: row.keyId,
        key_name: row.keyName,
        action: row.action,
        resource: row.resource,
        resource_id: row.resourceId,
        project: row.project,
        ...(row.details === null ? {} : { details: row.details as Record<string, unknown> }),
      }),
    );
  }
}
