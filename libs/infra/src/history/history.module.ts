import { Module } from '@nestjs/common';
import { RunHistory } from './run-history';

/** The history query language over runs (RunHistory), for the api. */
@Module({ providers: [RunHistory], exports: [RunHistory] })
export class HistoryModule {}
