import { Injectable } from '@nestjs/common';
import type { Prisma, ModelArtifact } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { decodeCursor, encodeCursor, type Page } from '../pagination';

/** A stored model without its bytes: what listings and metadata need. */
export type ModelInfo = Omit<ModelArtifact, 'data'>;

export interface ModelListQuery {
  readonly modelType?: string;
  readonly dataset?: string;
  readonly minTestAccuracy?: number;
  readonly maxTestAccuracy?: number;
  readonly sort: 'created_at' | 'test_accuracy';
  readonly limit: number;
  readonly cursor?: string;
}

/** An artifact uploaded from elsewhere: it belongs to no run here. */
export interface NewModelArtifact {
  readonly formatVersion: number;
  readonly modelType: string;
  readonly dataset: string | null;
  readonly testAccuracy: number | null;
  readonly sha256: string;
  readonly header: Prisma.InputJsonValue;
  readonly data: Uint8Array<ArrayBuffer>;
}

/** Bytes per query when an artifact is streamed out of Postgres. */
export const ARTIFACT_CHUNK_BYTES = 4 << 20;

/** The artifact changed or vanished while it was being read in chunks. */
export class ArtifactChangedError extends Error {
  override readonly name = 'ArtifactChangedError';
}

const withoutData = { data: true } as const satisfies Prisma.ModelArtifactOmit;

@Injectable()
export class ModelsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first, or best test accuracy first; keyset pagination on (sort key, id) in SQL, as runs. */
  async list(query: ModelListQuery): Promise<Page<ModelInfo>> {
    const accuracy =
      query.minTestAccuracy === undefined && query.maxTestAccuracy === undefined
        ? undefined
        : { gte: query.minTestAccuracy, lte: query.maxTestAccuracy };
    const where: Prisma.ModelArtifactWhereInput = { modelType: query.modelType, dataset: query.dataset, testAccuracy: accuracy };
    const orderBy: Prisma.ModelArtifactOrderByWithRelationInput[] =
      query.sort === 'test_accuracy'
        ? [{ testAccuracy: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }]
        : [{ createdAt: 'desc' }, { id: 'desc' }];
    const cursorId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.prisma.modelArtifact.findMany({
      where,
      orderBy,
      omit: withoutData,
      take: query.limit + 1,
      ...(cursorId ? { cursor: { id: cursorId }, skip: 1 } : {}),
    });
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null };
  }

  findById(id: string): Promise<ModelInfo | null> {
    return this.prisma.modelArtifact.findUnique({ where: { id }, omit: withoutData });
  }

  findBySha256(sha256: string): Promise<ModelInfo | null> {
    return this.prisma.modelArtifact.findFirst({ where: { sha256 }, orderBy: { createdAt: 'asc' }, omit: withoutData });
  }

  create(artifact: NewModelArtifact): Promise<ModelInfo> {
    return this.prisma.modelArtifact.create({
      data: { ...artifact, runId: null, sizeBytes: artifact.data.byteLength },
      omit: withoutData,
    });
  }

  /** The whole artifact, for loading a model. */
  async readData(id: string): Promise<Uint8Array | null> {
    const row = await this.prisma.modelArtifact.findUnique({ where: { id }, select: { data: true } });
    return row?.data ?? null;
  }

  /**
   * Bytes [offset, offset + length) of an artifact (fewer at its end), read in SQL with
   * `substring`, so that only those bytes leave Postgres. Null when no artifact `id` has this
   * sha256 any more. (Bytes travel as base64 text: the pg driver adapter cannot return a bytea
   * from a raw query.)
   */
  async readRange(id: string, sha256: string, offset: number, length: number): Promise<Buffer | null> {
    const rows = await this.prisma.$queryRaw<{ chunk: string }[]>`
      SELECT encode(substring(data FROM ${offset + 1}::int FOR ${length}::int), 'base64') AS chunk
      FROM model_artifacts WHERE id = ${id}::uuid AND sha256 = ${sha256}`;
    return rows.length === 0 ? null : Buffer.from(rows[0].chunk, 'base64');
  }

  /**
   * The artifact as a sequence of chunks, one query each, read only as fast as they are consumed.
   * Every chunk is checked against the recorded size and sha256, so a model replaced while it is
   * streamed ends the stream with an error rather than mixing two artifacts.
   */
  async *streamData(model: Pick<ModelInfo, 'id' | 'sha256' | 'sizeBytes'>, chunkBytes = ARTIFACT_CHUNK_BYTES): AsyncGenerator<Buffer> {
    for (let offset = 0; offset < model.sizeBytes; offset += chunkBytes) {
      const expected = Math.min(chunkBytes, model.sizeBytes - offset);
      const chunk = await this.readRange(model.id, model.sha256, offset, chunkBytes);
      if (chunk === null || chunk.length !== expected) {
        throw new ArtifactChangedError(`model ${model.id} changed or was deleted while it was being read (at byte ${offset})`);
      }
      yield chunk;
    }
  }
}
