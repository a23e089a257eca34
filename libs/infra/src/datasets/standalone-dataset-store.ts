import { PrismaPg } from '@prisma/adapter-pg';
import { datasetCacheDir } from '../config/env';
import { PrismaClient } from '../generated/prisma/client';
import { DatasetStore, type DatasetCacheEvent } from './dataset-store';
import { DatasetsRepository } from './datasets.repository';

/**
 * A DatasetStore for a process without Nest (a worker's fit process), from the environment its
 * worker validated: DATABASE_URL and DATASET_CACHE_DIR.
 */
export function standaloneDatasetStore(onCacheEvent: (event: DatasetCacheEvent) => void, env: NodeJS.ProcessEnv = process.env): DatasetStore {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env['DATABASE_URL'] }) });
  return new DatasetStore(new DatasetsRepository(prisma), { cacheDir: datasetCacheDir(env), onCacheEvent });
}
