import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import type { Env } from '../config/env';

/**
 * Interactive transactions may take this long (Prisma's default is 5 s): a run's transaction
 * writes its model artifact, 16 MB for the default forest, and on a machine busy training that
 * took over 5 s, which failed the run after its model was fitted.
 */
const TRANSACTION_TIMEOUT_MS = 120_000;
/** ... and may wait this long for a connection. */
const TRANSACTION_MAX_WAIT_MS = 10_000;

@Injectable()
/**
 * Disconnects only at application shutdown, after every module's onModuleDestroy: a worker that
 * is finishing its last job during shutdown still records the result.
 */
export class PrismaService extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  /**
   * The connections Prisma's queries use, for what Prisma cannot do: a server-side cursor that
   * streams a large result (the history export) instead of decoding it all at once. Ended with
   * the client ($disconnect).
   */
  readonly pool: Pool;

  constructor(config: ConfigService<Env, true>) {
    const pool = new Pool({ connectionString: config.get('DATABASE_URL', { infer: true }) });
    super({
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      transactionOptions: { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
    });
    this.pool = pool;
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}
