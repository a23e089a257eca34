import { ConflictError } from '@mnist-lab/contracts';
import { Prisma, type PrismaClient } from '../generated/prisma/client';

export interface ProjectRecord {
  readonly name: string;
  readonly created_at: Date;
  readonly created_by: string | null;
}

export class ProjectsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** A taken name is a ConflictError. */
  async create(name: string, createdBy: string | null): Promise<ProjectRecord> {
    try {
      return toRecord(await this.prisma.project.create({ data: { name, createdBy } }));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ConflictError(`project ${name} already exists`);
      throw error;
    }
  }

  async exists(name: string): Promise<boolean> {
    return (await this.prisma.project.count({ where: { name } })) > 0;
  }

  /** The named projects, or every project when `names` is undefined; by name. */
  async list(names?: readonly string[]): Promise<ProjectRecord[]> {
    const rows = await this.prisma.project.findMany({ where: names === undefined ? {} : { name: { in: [...names] } }, orderBy: { name: 'asc' } });
    return rows.map(toRecord);
  }
}

function toRecord(row: { name: string; createdAt: Date; createdBy: string | null }): ProjectRecord {
  return { name: row.name, created_at: row.createdAt, created_by: row.createdBy };
}
