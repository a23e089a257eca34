import { Module } from '@nestjs/common';
import { EstimatorsController } from './estimators.controller';

@Module({ controllers: [EstimatorsController] })
export class EstimatorsModule {}
