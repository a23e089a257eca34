import { ConfigModule } from '@nestjs/config';
import { validateEnv } from './env';

/** The environment, validated once at boot and injectable as `ConfigService<Env, true>`. */
export const AppConfigModule = ConfigModule.forRoot({
  isGlobal: true,
  cache: true,
  ignoreEnvFile: true,
  validate: validateEnv,
});
