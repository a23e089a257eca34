import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import { PrismaService } from '../prisma/prisma.service';
import { DatasetStore } from './dataset-store';
import { DatasetsRepository } from './datasets.repository';

const logger = new Logger('DatasetStore');

@Module({
  providers: [
    { provide: DatasetsRepository, useFactory: (prisma: PrismaService) => new DatasetsRepository(prisma), inject: [PrismaService] },
    {
      provide: DatasetStore,
      useFactory: (repository: DatasetsRepository, config: ConfigService<Env, true>) =>
        new DatasetStore(repository, {
          cacheDir: config.get('DATASET_CACHE_DIR', { infer: true }),
          onCacheEvent: (event) => logger.log(describeCacheEvent(event)),
        }),
      inject: [DatasetsRepository, ConfigService],
    },
  ],
  exports: [DatasetStore],
})
export class DatasetsDataModule {}

/** One log line per dataset load: `dataset cache miss: digits (sha256 ab12...) -> /path, 0.12 s`. */
export function describeCacheEvent(event: { outcome: string; name: string; sha256: string; path: string; seconds: number }): string {
  return `dataset cache ${event.outcome}: ${event.name} (sha256 ${event.sha256}) ${event.path}, ${event.seconds.toFixed(2)} s`;
}
