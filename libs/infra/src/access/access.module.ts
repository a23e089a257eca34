import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import { PrismaService } from '../prisma/prisma.service';
import { ApiKeysRepository } from './api-keys.repository';
import { AuditRepository } from './audit.repository';
import { KeyAuthenticator } from './key-authenticator';
import { ProjectsRepository } from './projects.repository';

/** Keys, projects and the audit log, for the api's auth guard and its access endpoints. */
@Module({
  providers: [
    { provide: ApiKeysRepository, useFactory: (prisma: PrismaService) => new ApiKeysRepository(prisma), inject: [PrismaService] },
    { provide: ProjectsRepository, useFactory: (prisma: PrismaService) => new ProjectsRepository(prisma), inject: [PrismaService] },
    { provide: AuditRepository, useFactory: (prisma: PrismaService) => new AuditRepository(prisma), inject: [PrismaService] },
    {
      provide: KeyAuthenticator,
      useFactory: (keys: ApiKeysRepository, config: ConfigService<Env, true>) => new KeyAuthenticator(keys, { adminKey: config.get('ADMIN_API_KEY', { infer: true }) }),
      inject: [ApiKeysRepository, ConfigService],
    },
  ],
  exports: [ApiKeysRepository, ProjectsRepository, AuditRepository, KeyAuthenticator],
})
export class AccessDataModule {}
