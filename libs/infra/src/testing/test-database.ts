import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ConfigService } from '@nestjs/config';
import { validateSweepRequest, type ValidatedSweep } from '@mnist-lab/contracts';
import { Client } from 'pg';
import type { Env } from '../config/env';
import { ModelsRepository } from '../models/models.repository';
import { PrismaService } from '../prisma/prisma.service';
import { RunsRepository } from '../runs/runs.repository';
import { SweepsRepository } from '../sweeps/sweeps.repository';

/*
 * Databases of a spec's own on TEST_DATABASE_URL's server (CI and dev machines run one on
 * localhost), for the repository specs. Not exported from the library.
 */
export const TEST_SERVER_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ROOT = join(__dirname, '..', '..', '..', '..');

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** `action` with a client connected to `url`, closed afterwards. */
export async function withClient<T>(url: string, action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/** Runs `sql` on the server's own database (CREATE / DROP DATABASE). */
export async function onServer(sql: string): Promise<void> {
  await withClient(TEST_SERVER_URL, (client) => client.query(sql));
}

/** A new, empty database named after `purpose`; `migrate` applies every migration as deployments do (`prisma migrate deploy`). */
export async function createTestDatabase(purpose: string, { migrate = true } = {}): Promise<TestDatabase> {
  const name = `mnist_lab_${purpose}_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(TEST_SERVER_URL), { pathname: `/${name}` }).toString();
  await onServer(`CREATE DATABASE "${name}"`);
  if (migrate) {
    const migrated = spawnSync('npx', ['prisma', 'migrate', 'deploy'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
    if (migrated.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
  }
  return { name, url, drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A connected PrismaService on `url` and the repositories of runs, sweeps and models over it. */
export async function connectRepositories(url: string) {
  const prisma = new PrismaService({ get: () => url } as unknown as ConfigService<Env, true>);
  await prisma.$connect();
  return { prisma, runs: new RunsRepository(prisma), sweeps: new SweepsRepository(prisma), models: new ModelsRepository(prisma) };
}

/** The repository specs' sweep: LogisticRegression over two values of C, two folds, on 1000 images; `extra` adds request fields. */
export function smallSweep(extra: Record<string, unknown> = {}): ValidatedSweep {
  return validateSweepRequest({
    dataset: 'mnist_784',
    n_samples: 1000,
    estimator: { type: 'logistic_regression' },
    param_distributions: { C: [0.1, 1] },
    n_iter: 2,
    cv: 2,
    random_state: 0,
    ...extra,
  });
}
