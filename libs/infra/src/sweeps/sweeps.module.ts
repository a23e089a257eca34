import { Module } from '@nestjs/common';
import { SweepsRepository } from './sweeps.repository';

@Module({ providers: [SweepsRepository], exports: [SweepsRepository] })
export class SweepsDataModule {}
