import { ConflictError } from '@mnist-lab/contracts';
import { datasetFileParts, datasetFileSize, datasetSha256, describeDataset, type LabelledDataset } from '@mnist-lab/ml';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { ownerColumns, projectWhere, UNOWNED, type Owner, type ProjectScope } from '../scope/project-scope';
import { decodeDataset, DATASETS_TABLE, type DatasetRecord } from './dataset-documents';

/**
 * Chunks of 8 MB: a 55 MB dataset is 7 rows, and neither the writer nor a reader ever holds more
 * than one chunk besides the dataset itself.
 */
export const DATASET_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Datasets in Postgres: a `datasets` row per name, and the canonical bytes, content-addressed, in
 * `dataset_chunks`. Takes a plain PrismaClient so that a fit process, which has no Nest context,
 * can read datasets too.
 */
export class DatasetsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async find(name: string): Promise<DatasetRecord | null> {
    const row = await this.prisma.dataset.findUnique({ where: { name } });
    return row ? decodeDataset(row) : null;
  }

  /** The datasets of the scope's projects and the `public` ones (built-in data every caller may read), by name. */
  async list(scope: ProjectScope, publicNames: readonly string[]): Promise<DatasetRecord[]> {
    const inProjects = projectWhere(scope);
    // Prisma matches nothing for an empty filter inside OR: a caller who reads every project needs no OR.
    const where = Object.keys(inProjects).length === 0 ? {} : { OR: [inProjects, { name: { in: [...publicNames] } }] };
    const rows = await this.prisma.dataset.findMany({ where, orderBy: { name: 'asc' } });
    return Promise.all(rows.map(decodeDataset));
  }

  /**
   * Stores `dataset` under `name`. The same content under the same name again is a no-op
   * (`created: false`); other content under a taken name is a ConflictError, and stores nothing.
   * Chunks are written before the row that names them, so a reader never sees a row whose bytes
   * are missing; a writer that dies in between leaves chunks that the next upload of that content
   * reuses. Names are global (a run's spec names its dataset): a name another project took is a
   * ConflictError that tells nothing about that dataset.
   */
  async register(name: string, dataset: LabelledDataset, owner: Owner = UNOWNED): Promise<{ created: boolean; dataset: DatasetRecord }> {
    const parts = datasetFileParts(dataset);
    const sha256 = datasetSha256(parts);
    const existing = await this.find(name);
    if (existing) return { created: false, dataset: sameContent(existing, sha256, owner) };
    let index = 0;
    for (const chunk of chunksOf(parts, DATASET_CHUNK_BYTES)) {
      await this.prisma.datasetChunk.createMany({ data: [{ sha256, chunkIndex: index++, data: chunk }], skipDuplicates: true });
    }
    const summary = describeDataset(dataset);
    try {
      const row = await this.prisma.dataset.create({
        data: {
          name,
          sha256,
          sizeBytes: BigInt(datasetFileSize(parts)),
          nSamples: summary.n_samples,
          nFeatures: summary.n_features,
          summary: summary as unknown as Prisma.InputJsonObject,
          schemaVersion: DATASETS_TABLE.version,
          ...ownerColumns(owner),
        },
      });
      return { created: true, dataset: await decodeDataset(row) };
    } catch (error) {
      // Registered meanwhile by another request or process (mnist_784 on first use by several workers).
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      const raced = await this.find(name);
      if (!raced) throw error;
      return { created: false, dataset: sameContent(raced, sha256, owner) };
    }
  }

  /** The canonical bytes of `dataset`, one chunk at a time, in order. Throws when a chunk is missing. */
  async *chunks(dataset: Pick<DatasetRecord, 'name' | 'sha256' | 'size_bytes'>): AsyncGenerator<Uint8Array> {
    const count = Math.ceil(dataset.size_bytes / DATASET_CHUNK_BYTES);
    for (let chunkIndex = 0; chunkIndex < count; chunkIndex++) {
      const chunk = await this.prisma.datasetChunk.findUnique({ where: { sha256_chunkIndex: { sha256: dataset.sha256, chunkIndex } } });
      if (!chunk) throw new Error(`dataset ${dataset.name} (sha256 ${dataset.sha256}): chunk ${chunkIndex} of ${count} is missing from dataset_chunks`);
      yield chunk.data;
    }
  }
}

function sameContent(existing: DatasetRecord, sha256: string, owner: Owner): DatasetRecord {
  if (existing.project !== owner.project) {
    throw new ConflictError(`dataset name ${JSON.stringify(existing.name)} is taken; choose another name`, { field: 'name' });
  }
  if (existing.sha256 !== sha256) {
    throw new ConflictError(`dataset ${existing.name} already exists with other content (sha256 ${existing.sha256}, this upload is ${sha256}); choose another name`, {
      field: 'name',
    });
  }
  return existing;
}

/** `parts`, concatenated, cut into pieces of `size` bytes (the last one shorter); each piece is one fresh buffer. */
function* chunksOf(parts: readonly Uint8Array[], size: number): Generator<Uint8Array<ArrayBuffer>> {
  let chunk = new Uint8Array(size);
  let filled = 0;
  for (const part of parts) {
    let offset = 0;
    while (offset < part.byteLength) {
      const taken = Math.min(size - filled, part.byteLength - offset);
      chunk.set(part.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled === size) {
        yield chunk;
        chunk = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.slice(0, filled);
}
