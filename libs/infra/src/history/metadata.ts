import { mergeTags, type Metadata, type MetadataPatch, type Tags } from '@mnist-lab/contracts';
import { Prisma } from '../generated/prisma/client';
import type { PrismaService } from '../prisma/prisma.service';

/** The columns of a new run's or sweep's metadata. */
export function metadataColumns(metadata: Metadata) {
  return { name: metadata.name, tags: metadata.tags as Prisma.InputJsonValue, notes: metadata.notes };
}

/**
 * A PATCH of a run's or sweep's metadata: the row is locked while its tags are merged, so that
 * two concurrent PATCHes of different tags both land. False when there is no such row.
 */
export async function updateMetadata(prisma: PrismaService, table: 'runs' | 'sweeps', id: string, patch: MetadataPatch): Promise<boolean> {
  const target = Prisma.raw(`"${table}"`);
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ tags: Tags }[]>`SELECT "tags" FROM ${target} WHERE "id" = CAST(${id} AS uuid) FOR UPDATE`;
    if (rows.length === 0) return false;
    const sets = [
      ...(patch.name === undefined ? [] : [Prisma.sql`"name" = CAST(${patch.name} AS text)`]),
      ...(patch.notes === undefined ? [] : [Prisma.sql`"notes" = CAST(${patch.notes} AS text)`]),
      ...(patch.tags === undefined ? [] : [Prisma.sql`"tags" = CAST(${JSON.stringify(mergeTags(rows[0].tags, patch.tags))} AS jsonb)`]),
    ];
    if (sets.length > 0) await tx.$executeRaw`UPDATE ${target} SET ${Prisma.join(sets)} WHERE "id" = CAST(${id} AS uuid)`;
    return true;
  });
}
