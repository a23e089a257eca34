import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessDataModule } from '@mnist-lab/infra';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';

/** Authenticates every request (the global AuthGuard) and answers `GET /auth/whoami`. */
@Module({ imports: [AccessDataModule], controllers: [AuthController], providers: [{ provide: APP_GUARD, useClass: AuthGuard }] })
export class AuthModule {}
