import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { nativeAddon } from '@mnist-lab/ml';
import { WorkerModule } from './worker.module';

/**
 * A worker process: no HTTP, only BullMQ processors. On SIGTERM, Nest closes the BullMQ worker,
 * which waits for the jobs in progress before the process exits.
 */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  // Forests grow the same trees either way; without the compiled kernels, about twice as slowly.
  const kernels = nativeAddon() ? 'compiled (libs/ml/native)' : 'TypeScript only: libs/ml/native is not built';
  Logger.log(`worker ${process.pid} ready; forest kernels: ${kernels}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
