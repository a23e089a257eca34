import { Global, Injectable, Module } from '@nestjs/common';
import type { Caller } from '@mnist-lab/contracts';
import { AccessDataModule, AuditRepository, type AuditEventInput } from '@mnist-lab/infra';
import { AuditController } from './audit.controller';

/**
 * The audit log's one entry point: every service that creates, cancels, deletes or uploads, and
 * every key and project change, records here who did it.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  record(caller: Caller, event: AuditEventInput): Promise<void> {
    return this.events.record(caller, event);
  }
}

/** Global, so that every feature module can inject AuditService without importing this one. */
@Global()
@Module({ imports: [AccessDataModule], controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
