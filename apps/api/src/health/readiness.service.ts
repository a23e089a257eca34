import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { PostgresHealthIndicator } from './postgres.health';
import { RedisHealthIndicator } from './redis.health';

export interface Readiness {
  readonly ready: boolean;
  /** Which dependency is down and why, or that both answer. */
  readonly message: string;
  readonly result: HealthCheckResult;
}

/**
 * Whether the api can serve: Postgres (a query within a second) and Redis (a queue round trip)
 * both answer. The api keeps running while they do not, so it recovers by itself once they are
 * back; until then it is not ready.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgresIndicator: PostgresHealthIndicator,
    private readonly redisIndicator: RedisHealthIndicator,
  ) {}

  async check(): Promise<Readiness> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.postgresIndicator.isHealthy('postgres'),
        () => this.redisIndicator.isHealthy('redis'),
      ]);
    } catch (error) {
      // Terminus reports a failed check as a 503 whose response is the whole result.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const down = Object.entries(result.details)
      .filter(([, detail]) => detail.status !== 'up')
      .map(([name, detail]) => (typeof detail['message'] === 'string' ? `${name} is down (${detail['message']})` : `${name} is down`));
    return {
      ready: down.length === 0,
      message: down.length === 0 ? 'ready: postgres and redis answer' : `not ready: ${down.join('; ')}`,
      result,
    };
  }
}
