import type { Role } from '@mnist-lab/contracts';
import type { PrismaClient } from '../generated/prisma/client';
import { generateApiKey } from './api-key-secret';

/** A stored key as listed: never its secret or hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  /** null: a global admin. */
  readonly project: string | null;
  readonly role: Role;
  readonly expires_at: Date | null;
  readonly revoked_at: Date | null;
  readonly created_at: Date;
  readonly created_by: string | null;
  readonly last_used_at: Date | null;
}

export interface NewApiKey {
  readonly name: string;
  readonly project: string | null;
  readonly role: Role;
  readonly expiresAt: Date | null;
  readonly createdBy: string | null;
}

/** How often a key's `last_used_at` is written at most: a key used by every request must not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const PUBLIC_COLUMNS = {
  id: true,
  name: true,
  prefix: true,
  project: true,
  role: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
  createdBy: true,
  lastUsedAt: true,
} as const;

type PublicRow = { id: string; name: string; prefix: string; project: string | null; role: Role; expiresAt: Date | null; revokedAt: Date | null; createdAt: Date; createdBy: string | null; lastUsedAt: Date | null };

export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Stores a new key's hash; the returned `key` is the only copy of the secret. */
  async create(input: NewApiKey): Promise<{ key: string; record: ApiKeyRecord }> {
    const generated = generateApiKey();
    const row = await this.prisma.apiKey.create({
      data: { name: input.name, project: input.project, role: input.role, expiresAt: input.expiresAt, createdBy: input.createdBy, prefix: generated.prefix, keyHash: generated.hash },
      select: PUBLIC_COLUMNS,
    });
    return { key: generated.key, record: toRecord(row) };
  }

  async findByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash }, select: PUBLIC_COLUMNS });
    return row && toRecord(row);
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.prisma.apiKey.findUnique({ where: { id }, select: PUBLIC_COLUMNS });
    return row && toRecord(row);
  }

  /** The keys of these projects, or every key (global ones too) when `projects` is undefined; newest first. */
  async list(projects?: readonly string[]): Promise<ApiKeyRecord[]> {
    const rows = await this.prisma.apiKey.findMany({
      where: projects === undefined ? {} : { project: { in: [...projects] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: PUBLIC_COLUMNS,
    });
    return rows.map(toRecord);
  }

  /** Marks the key revoked (once: revoking again keeps the first time); null when there is no such key. */
  async revoke(id: string, at: Date): Promise<ApiKeyRecord | null> {
    await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.findById(id);
  }

  /** Records a use, at most once a minute per key. */
  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: at },
    });
  }
}

function toRecord(row: PublicRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    project: row.project,
    role: row.role,
    expires_at: row.expiresAt,
    revoked_at: row.revokedAt,
    created_at: row.createdAt,
    created_by: row.createdBy,
    last_used_at: row.lastUsedAt,
  };
}
