import { Module } from '@nestjs/common';
import { ModelsRepository } from './models.repository';

@Module({ providers: [ModelsRepository], exports: [ModelsRepository] })
export class ModelsDataModule {}
