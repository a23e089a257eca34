import { Module } from '@nestjs/common';
import { EstimatorsController } from './estimators.controller';
import { EstimatorsService } from './estimators.service';

@Module({
  controllers: [EstimatorsController],
  providers: [EstimatorsService],
})
export class EstimatorsModule {}
