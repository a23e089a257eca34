import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { NotFoundError } from '@mnist-lab/contracts';
import { BUILT_IN_DATASETS, parseDatasetFile, type LabelledDataset } from '@mnist-lab/ml';
import { DATASET_DEFINITIONS, type DatasetCatalog } from '@mnist-lab/ml/spec';
import type { DatasetRecord } from './dataset-documents';
import { inScope, type Owner, type ProjectScope } from '../scope/project-scope';
import type { DatasetsRepository } from './datasets.repository';

/**
 * What happened when a dataset was wanted: read from the local cache (`hit`), fetched from
 * Postgres because it was not there (`miss`), or fetched again because the cached file was
 * partial or did not hash to its sha256 (`refetch`).
 */
export interface DatasetCacheEvent {
  readonly outcome: 'hit' | 'miss' | 'refetch';
  readonly name: string;
  readonly sha256: string;
  readonly path: string;
  readonly seconds: number;
}

export interface DatasetStoreOptions {
  /** Where fetched datasets are kept, one file per sha256 (DATASET_CACHE_DIR). */
  readonly cacheDir: string;
  /** Called on every load: for logs and metrics. */
  readonly onCacheEvent?: (event: DatasetCacheEvent) => void;
}

/**
 * Registered datasets by name, their bytes served from a local disk cache that is filled from
 * Postgres on first use, so any machine with DATABASE_URL can train on any dataset. Built-in
 * datasets (mnist_784) are registered from their package the first time they are asked for.
 */
export class DatasetStore {
  /** Counts of each cache outcome since this store was made. */
  readonly cacheCounts: Record<DatasetCacheEvent['outcome'], number> = { hit: 0, miss: 0, refetch: 0 };
  private builtIns?: Promise<void>;

  constructor(
    private readonly repository: DatasetsRepository,
    private readonly options: DatasetStoreOptions,
  ) {}

  /** The datasets of the scope's projects, by name, the built-in ones (public) included. */
  async list(scope: ProjectScope): Promise<DatasetRecord[]> {
    await this.registerBuiltIns();
    return this.repository.list(scope, PUBLIC_DATASETS);
  }

  /**
   * The datasets a request may name and their sizes: the built-in ones (known without reading
   * their data, so that checking a request never waits for mnist_784 to be registered) and every
   * registered one of the scope's projects.
   */
  async catalog(scope: ProjectScope): Promise<DatasetCatalog> {
    const registered = await this.repository.list(scope, PUBLIC_DATASETS);
    return {
      ...DATASET_DEFINITIONS,
      ...Object.fromEntries(
        registered.map((dataset) => [
          dataset.name,
          {
            name: dataset.name,
            description: dataset.description ?? '',
            nSamples: dataset.n_samples,
            nFeatures: dataset.n_features,
            nClasses: dataset.classes.length,
            nanCount: dataset.nan_count,
          },
        ]),
      ),
    };
  }

  /**
   * The dataset called `name`, if the scope may read it; otherwise a NotFoundError that lists the
   * names it may read (another project's dataset answers as if it did not exist). Workers, which
   * train whatever was admitted, read in every project.
   */
  async describe(name: string, scope: ProjectScope = EVERY_PROJECT): Promise<DatasetRecord> {
    const found = (await this.repository.find(name)) ?? (isPublicDataset(name) ? await this.registerBuiltIn(name) : null);
    if (found && (isPublicDataset(name) || inScope(found.project, scope))) return found;
    // The names alone: an unknown name does not need the built-in datasets registered.
    const registered = (await this.repository.list(scope, PUBLIC_DATASETS)).map((dataset) => dataset.name);
    const known = [...new Set([...PUBLIC_DATASETS, ...registered])].sort().join(', ');
    throw new NotFoundError('dataset', name, `dataset ${JSON.stringify(name)} does not exist; known datasets are: ${known}`);
  }

  /** See DatasetsRepository.register; a built-in name is registered with its own data first, so no upload can take it. */
  async register(name: string, dataset: LabelledDataset, owner: Owner): Promise<{ created: boolean; dataset: DatasetRecord }> {
    if (isPublicDataset(name)) await this.describe(name);
    return this.repository.register(name, dataset, owner);
  }

  /**
   * The data of `name`, read from the cache file named by its sha256 into a SharedArrayBuffer (so
   * threads can share it) and checked against that hash; a missing, partial or corrupt file is
   * (re)fetched from Postgres first.
   */
  async load(name: string): Promise<{ record: DatasetRecord; dataset: LabelledDataset }> {
    const record = await this.describe(name);
    const started = performance.now();
    const path = join(this.options.cacheDir, `${record.sha256}.dataset`);
    let bytes = await readVerified(path, record);
    let outcome: DatasetCacheEvent['outcome'] = 'hit';
    if (!(bytes instanceof Uint8Array)) {
      outcome = bytes === 'absent' ? 'miss' : 'refetch';
      await rm(path, { force: true });
      await this.fetch(record, path);
      bytes = await readVerified(path, record);
      if (!(bytes instanceof Uint8Array)) throw new Error(`dataset ${name}: the file fetched to ${path} is ${bytes} right after it was verified`);
    }
    this.cacheCounts[outcome]++;
    this.options.onCacheEvent?.({ outcome, name, sha256: record.sha256, path, seconds: (performance.now() - started) / 1000 });
    return { record, dataset: parseDatasetFile(bytes, `dataset ${name}`) };
  }

  /** Writes the dataset's chunks to a unique temporary file, checks their hash and renames it into place. */
  private async fetch(record: DatasetRecord, path: string): Promise<void> {
    await mkdir(this.options.cacheDir, { recursive: true });
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const out = createWriteStream(temporary, { flags: 'wx' });
    const hash = createHash('sha256');
    try {
      for await (const chunk of this.repository.chunks(record)) {
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await finished(out);
      const actual = hash.digest('hex');
      if (actual !== record.sha256) throw new Error(`dataset ${record.name}: the chunks in Postgres hash to ${actual}, not ${record.sha256}`);
      await rename(temporary, path);
    } catch (error) {
      out.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
  }

  private registerBuiltIns(): Promise<void> {
    this.builtIns ??= (async () => {
      for (const name of Object.keys(BUILT_IN_DATASETS)) if (!(await this.repository.find(name))) await this.registerBuiltIn(name);
    })().catch((error: unknown) => {
      this.builtIns = undefined;
      throw error;
    });
    return this.builtIns;
  }

  private async registerBuiltIn(name: string): Promise<DatasetRecord> {
    return (await this.repository.register(name, BUILT_IN_DATASETS[name].load())).dataset;
  }
}

/**
 * The built-in datasets (mnist_784): public data, registered in project `default`, that every
 * authenticated caller may read and train on.
 */
export const PUBLIC_DATASETS: readonly string[] = Object.keys(BUILT_IN_DATASETS);

export function isPublicDataset(name: string): boolean {
  return Object.hasOwn(BUILT_IN_DATASETS, name);
}

const EVERY_PROJECT: ProjectScope = { projects: 'all' };

/**
 * The cached file's bytes if it has the record's size and sha256; otherwise why not. The buffer
 * starts at offset 0, as parseDatasetFile needs.
 */
async function readVerified(path: string, record: DatasetRecord): Promise<Uint8Array | 'absent' | 'partial' | 'corrupt'> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size !== record.size_bytes) return 'partial';
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    for (let offset = 0; offset < size; ) {
      const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
      if (bytesRead === 0) return 'partial';
      offset += bytesRead;
    }
    return createHash('sha256').update(bytes).digest('hex') === record.sha256 ? bytes : 'corrupt';
  } finally {
    await handle.close();
  }
}
