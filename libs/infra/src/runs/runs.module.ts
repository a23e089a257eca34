import { Module } from '@nestjs/common';
import { RunAnalysis } from '../history/run-analysis';
import { RunsRepository } from './runs.repository';

@Module({ providers: [RunsRepository, RunAnalysis], exports: [RunsRepository, RunAnalysis] })
export class RunsDataModule {}
