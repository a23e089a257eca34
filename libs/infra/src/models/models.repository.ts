import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ArtifactHeader } from '@mnist-lab/ml';
import type { Prisma, ModelArtifact } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { HistorySearch, inIdOrder, MODEL_HISTORY, type HistoryPage, type HistoryRequest } from '../history/history-search';
import { ownerColumns, type Owner } from '../scope/project-scope';
import { MODEL_ARTIFACTS, decodeModelHeader, type ModelInfo } from './model-documents';

/** An artifact uploaded from elsewhere: it belongs to no run here. */
export interface NewModelArtifact {
  readonly formatVersion: number;
  readonly modelType: string;
  readonly dataset: string | null;
  readonly testAccuracy: number | null;
  readonly sha256: string;
  readonly header: ArtifactHeader;
  readonly data: Uint8Array;
  readonly owner: Owner;
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
  private readonly history: HistorySearch;

  constructor(private readonly prisma: PrismaService) {
    this.history = new HistorySearch(prisma);
  }

  /** `GET /models`: a page of models as the filter language asks for them. */
  async search(request: HistoryRequest): Promise<HistoryPage<ModelInfo>> {
    const page = await this.history.search(MODEL_HISTORY, request);
    const rows = await this.prisma.modelArtifact.findMany({ where: { id: { in: page.items } }, omit: withoutData });
    return { ...page, items: await inIdOrder(page.items, rows, (row) => this.decode(row)) };
  }

  async findById(id: string): Promise<ModelInfo | null> {
    const row = await this.prisma.modelArtifact.findUnique({ where: { id }, omit: withoutData });
    return row && this.decode(row);
  }

  /** The first model of `project` with these bytes: an upload of the same artifact again (another project's copy is not its business). */
  async findBySha256(sha256: string, project: string): Promise<ModelInfo | null> {
    const row = await this.prisma.modelArtifact.findFirst({ where: { sha256, project }, orderBy: { createdAt: 'asc' }, omit: withoutData });
    return row && this.decode(row);
  }

  /** Deletes a model artifact (its run, if any, stays, without a model); false when there is none. */
  async remove(id: string): Promise<boolean> {
    const deleted = await this.prisma.modelArtifact.deleteMany({ where: { id } });
    return deleted.count === 1;
  }

  /** The row with its header decoded; an old row's upgrade may read the header from the artifact's bytes. */
  private async decode(row: Omit<ModelArtifact, 'data'>): Promise<ModelInfo> {
    return { ...row, header: await decodeModelHeader(row, (offset, length) => this.readRange(row.id, row.sha256, offset, length)) };
  }

  /**
   * Stores an uploaded artifact (no run). The bytes go to Postgres in chunks, gathered in a
   * temporary table and joined in SQL, so that memory stays bounded for large artifacts: Prisma's
   * own Bytes parameters travel as base64 strings, which need several times the artifact's size and
   * cannot exceed V8's string limit (about 400 MB of bytes).
   */
  async create(artifact: NewModelArtifact, chunkBytes = ARTIFACT_CHUNK_BYTES): Promise<ModelInfo> {
    const id = randomUUID();
    const { data } = artifact;
    const size = data.byteLength;
    const owner = ownerColumns(artifact.owner);
    await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`CREATE TEMPORARY TABLE artifact_upload (seq integer PRIMARY KEY, chunk bytea NOT NULL) ON COMMIT DROP`;
        for (let seq = 0, offset = 0; offset < size; seq++, offset += chunkBytes) {
          const chunk = Buffer.from(data.buffer, data.byteOffset + offset, Math.min(chunkBytes, size - offset)).toString('base64');
          await tx.$executeRaw`INSERT INTO artifact_upload (seq, chunk) VALUES (${seq}::integer, decode(${chunk}, 'base64'))`;
        }
        await tx.$executeRaw`
          INSERT INTO model_artifacts (id, run_id, format_version, model_type, dataset, test_accuracy, size_bytes, sha256, header, schema_version,
                                       project, created_by_key_id, created_by_name, data)
          SELECT ${id}::uuid, NULL, ${artifact.formatVersion}::integer, ${artifact.modelType}::text, ${artifact.dataset}::text,
                 ${artifact.testAccuracy}::double precision, ${size}::integer, ${artifact.sha256}::text, ${JSON.stringify(artifact.header)}::jsonb,
                 ${MODEL_ARTIFACTS.version}::integer, ${owner.project}::text, ${owner.createdByKeyId}::text, ${owner.createdByName}::text,
                 coalesce(string_agg(chunk, ''::bytea ORDER BY seq), ''::bytea)
          FROM artifact_upload`;
      },
      { maxWait: 10_000, timeout: 10 * 60_000 },
    );
    const model = await this.findById(id);
    if (!model) throw new Error(`model ${id} was stored but cannot be read back`);
    return model;
  }

  /** The whole artifact, for loading a model: read in chunks into one buffer of its size. */
  async readData(model: Pick<ModelInfo, 'id' | 'sha256' | 'sizeBytes'>): Promise<Buffer> {
    const out = Buffer.allocUnsafe(model.sizeBytes);
    let offset = 0;
    for await (const chunk of this.streamData(model)) offset += chunk.copy(out, offset);
    return out;
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
