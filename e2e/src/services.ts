import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';

/**
 * Postgres and Redis for one test run: the servers named by TEST_DATABASE_URL / TEST_REDIS_URL
 * when set (CI, this machine), Testcontainers otherwise. Each run gets its own database and queue
 * prefix, and removes them when it ends.
 */
export interface TestServices {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  /** A second, empty database on the same server (for moving models between instances). */
  createDatabase(): Promise<string>;
  cleanup(): Promise<void>;
}

export async function startServices(): Promise<TestServices> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const serverUrl = process.env['TEST_DATABASE_URL'] ?? (await startPostgresContainer(cleanups));
  const redisUrl = process.env['TEST_REDIS_URL'] ?? (await startRedisContainer(cleanups));
  const queuePrefix = `test-${suffix}`;

  const databases: string[] = [];
  // A template made by tools/e2e-template.mjs (migrated, mnist_784 registered) saves each suite both.
  const template = process.env['TEST_TEMPLATE_DATABASE'];
  const createDatabase = async (): Promise<string> => {
    const name = `mnist_lab_test_${suffix}_${databases.length}`;
    await withAdmin(serverUrl, (admin) => createFrom(admin, name, template));
    databases.push(name);
    return withDatabase(serverUrl, name);
  };
  const databaseUrl = await createDatabase();

  return {
    databaseUrl,
    redisUrl,
    queuePrefix,
    createDatabase,
    async cleanup() {
      await withAdmin(serverUrl, async (admin) => {
        for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      await deleteRedisKeys(redisUrl, `${queuePrefix}:*`);
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

/**
 * CREATE DATABASE, from `template` when given. Postgres refuses to copy a template while another
 * session is copying it too ("being accessed by other users"): suites that start together retry.
 */
async function createFrom(admin: Client, name: string, template: string | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
      return;
    } catch (error) {
      if (!template || attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

export async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function startPostgresContainer(cleanups: (() => Promise<unknown>)[]): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15-alpine').start();
  cleanups.push(() => container.stop());
  return container.getConnectionUri();
}

async function startRedisContainer(cleanups: (() => Promise<unknown>)[]): Promise<string> {
  const { RedisContainer } = await import('@testcontainers/redis');
  const container = await new RedisContainer('redis:7-alpine').start();
  cleanups.push(() => container.stop());
  return container.getConnectionUrl();
}
