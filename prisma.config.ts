import { PrismaPg } from '@prisma/adapter-pg';
import path from 'node:path';
import type { PrismaConfig } from 'prisma';

// Prisma's native engines cannot be downloaded here: the JS engine with the pg adapter works offline.
process.env['DATABASE_URL'] ??= 'postgresql://postgres@127.0.0.1:5432/mnist_lab';

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    return new PrismaPg({ connectionString: process.env['DATABASE_URL'] });
  },
} satisfies PrismaConfig;
