import { ConfigService } from '@nestjs/config';
import type { FitLimits } from '@mnist-lab/ml/spec';
import type { Env } from '@mnist-lab/infra';

/** What one fit may use at most, as this deployment configures it (RUN_MAX_MEMORY_MB, RUN_MAX_FIT_SECONDS). */
export function fitLimits(config: ConfigService<Env, true>): FitLimits {
  return {
    maxMemoryBytes: config.get('RUN_MAX_MEMORY_MB', { infer: true }) * 1024 * 1024,
    maxFitSeconds: config.get('RUN_MAX_FIT_SECONDS', { infer: true }),
  };
}
