import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { DatasetsDataModule, type Env } from '@mnist-lab/infra';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';
import { RequestAdmission } from './request-admission';

@Module({
  imports: [
    DatasetsDataModule,
    // Uploaded files stream to disk, each stopped with a 413 at DATASET_MAX_BYTES; the controller deletes them once read.
    MulterModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => {
        const dest = join(tmpdir(), 'mnist-lab-uploads');
        mkdirSync(dest, { recursive: true });
        return { dest, limits: { fileSize: config.get('DATASET_MAX_BYTES', { infer: true }), files: 2, fields: 8 } };
      },
    }),
  ],
  controllers: [DatasetsController],
  providers: [DatasetsService, RequestAdmission],
  exports: [DatasetsService, RequestAdmission],
})
export class DatasetsModule {}
