import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { TENSOR_BACKEND_ENV } from '@mnist-lab/ml';
import { WorkerPresenceService, workerOptions, type Env } from '@mnist-lab/infra';
import { Logger as JsonLogger } from 'nestjs-pino';
import { TrainingPool } from './training/training-pool.service';
import { WorkerModule } from './worker.module';

/**
 * A worker process: no HTTP but its metrics, only BullMQ processors. Once its fit processes have
 * said which backends they train on, the worker publishes itself for GET /workers. On SIGTERM,
 * Nest closes the BullMQ worker, which waits for the jobs in progress before the process exits.
 */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(JsonLogger));
  app.enableShutdownHooks();
  const logger = new Logger('Bootstrap');
  const backends = await app.get(TrainingPool).backends();
  if (backends.error) logger.error(`no tensor backend: ${backends.error}`);
  if (!backends.nativeKernels) {
    // Forests grow the same trees either way; without the compiled kernels, about twice as slowly.
    const why = process.env['MNIST_LAB_NATIVE'] === '0' ? 'turned off by MNIST_LAB_NATIVE=0' : 'libs/ml/native is not built (npm run build:native --workspace libs/ml)';
    logger.warn(`running without native kernels: ${why}; forests fit about 2x slower, with the same results`);
  }
  if (backends.tensorBackend !== null && backends.tensorBackend !== 'tensorflow' && !process.env[TENSOR_BACKEND_ENV]) {
    logger.warn(`tensor backend ${backends.tensorBackend}: TensorFlow's native backend (@tensorflow/tfjs-node) could not load (npm run setup:tensorflow)`);
  }
  await app.get(WorkerPresenceService).start(backends);
  const concurrency = app.get(ConfigService<Env, true>).get('WORKER_CONCURRENCY', { infer: true });
  logger.log(
    `worker ${workerOptions().name} ready: tensor backend ${backends.tensorBackend ?? 'none'}, native kernels ${backends.nativeKernels ? 'on' : 'off'}, concurrency ${concurrency}`,
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
