import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RequestLimiter } from './request-limiter';

/** Per-key request rate limits (RATE_LIMIT_PER_MINUTE, PREDICT_RATE_LIMIT_PER_MINUTE), on every route but health and metrics. */
@Module({ providers: [RequestLimiter, { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor }] })
export class RateLimitsModule {}
