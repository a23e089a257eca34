import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ModelsDataModule } from '@mnist-lab/infra';
import { MAX_PREDICT_BATCH_BYTES, MAX_PREDICT_IMAGE_BYTES } from './dto/predict.dto';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';
import { rawBodyMiddleware } from './raw-body.middleware';
import { BodyBufferPool, reusedBodyMiddleware } from './reused-body.middleware';

@Module({
  imports: [ModelsDataModule],
  controllers: [ModelsController],
  providers: [ModelsService],
})
export class ModelsModule implements NestModule {
  /**
   * Binary bodies of predictions, read into memory up to a limit (beyond it: 413 before or while
   * reading, never a partial body): PNGs, and binary batches of images, often 11 MB, into reused
   * buffers (see reusedBodyMiddleware). Artifact uploads are read by the controller as they stream
   * in (artifact-upload.ts), raw or as multipart, never whole before they are checked.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        rawBodyMiddleware({ type: 'image/png', limit: MAX_PREDICT_IMAGE_BYTES }),
        reusedBodyMiddleware({ type: 'application/octet-stream', pool: new BodyBufferPool(MAX_PREDICT_BATCH_BYTES) }),
      )
      .forRoutes({ path: 'models/:id/predict', method: RequestMethod.POST });
  }
}
