import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RateLimitedError } from '@mnist-lab/contracts';
import { redisConnectionOptions, type Env } from '@mnist-lab/infra';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** Which limit a request counts against: predictions have their own, higher one. */
export type RateLimitBucket = 'requests' | 'predict';

const WINDOW_SECONDS = 60;
/** While Redis is unreachable, one warning per this long rather than one per request. */
const WARNING_INTERVAL_MS = 30_000;

/**
 * Per-key request counts in Redis (rate-limiter-flexible, a fixed one-minute window per key), so
 * a limit holds across every api instance of a deployment; the keys live under QUEUE_PREFIX.
 * Fails open: when Redis cannot answer at once, the request goes through and a warning is logged,
 * so a Redis outage does not take the api down with it (submissions still fail on the queue).
 */
@Injectable()
export class RequestLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RequestLimiter.name);
  private readonly redis: Redis;
  private readonly limiters: Readonly<Record<RateLimitBucket, RateLimiterRedis>>;
  private lastWarning = 0;

  constructor(config: ConfigService<Env, true>) {
    // A client of its own that fails fast: BullMQ's waits for Redis for ever, which would hang requests.
    this.redis = new Redis({ ...redisConnectionOptions(config.get('REDIS_URL', { infer: true })), enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', (error: Error) => this.warn(`rate-limit store unreachable (${error.message})`));
    const prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:rate-limit`;
    const limiter = (bucket: RateLimitBucket, points: number) =>
      new RateLimiterRedis({ storeClient: this.redis, points, duration: WINDOW_SECONDS, keyPrefix: `${prefix}:${bucket}`, rejectIfRedisNotReady: true });
    this.limiters = {
      requests: limiter('requests', config.get('RATE_LIMIT_PER_MINUTE', { infer: true })),
      predict: limiter('predict', config.get('PREDICT_RATE_LIMIT_PER_MINUTE', { infer: true })),
    };
  }

  /** Counts one request of `client` (`key:<key id>`); throws RateLimitedError past the limit. */
  async consume(bucket: RateLimitBucket, client: string): Promise<void> {
    const limiter = this.limiters[bucket];
    try {
      await limiter.consume(client);
    } catch (outcome) {
      if (!(outcome instanceof RateLimiterRes)) {
        this.warn(`rate limit not checked, request let through: ${outcome instanceof Error ? outcome.message : String(outcome)}`);
        return;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
      const what = bucket === 'predict' ? 'predictions' : 'requests';
      throw new RateLimitedError(`more than ${limiter.points} ${what} per minute from ${client}; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private warn(message: string): void {
    if (Date.now() - this.lastWarning < WARNING_INTERVAL_MS) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }
}
