import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { PrismaService } from '@mnist-lab/infra';

/** Postgres is healthy when it answers a query within a second; when not, the detail says why (terminus's Prisma check does not). */
@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly prisma: PrismaService,
  ) {}

  async isHealthy(key: string) {
    const indicator = this.health.check(key);
    try {
      await Promise.race([
        this.prisma.$queryRaw`SELECT 1`,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out after 1000 ms')), 1000).unref()),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }
}

/** The driver's own words, out of Prisma's multi-line text (`... Message: \`Can't reach database server at ...\``). */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const quoted = /Message: `([^`]+)`/.exec(text);
  return quoted ? quoted[1] : (text.trim().split('\n').pop() ?? 'unreachable');
}
