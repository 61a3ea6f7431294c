import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@mm/database';
import { Actor, actorScope } from '../../engine/auth/actor';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogArgs } from './organisation.inputs';
import { AuditLogEntryType, Page } from './organisation.types';

/** The audit log for admins, authorities (their region) and coordinators (their district). */
@Injectable()
export class AuditLogReader {
  constructor(
    private readonly db: TenantDatabase,
    private readonly policy: ScopePolicy,
    private readonly repository: AuditLogRepository,
  ) {}

  async list(actor: Actor, args: AuditLogArgs): Promise<Page<AuditLogEntryType>> {
    if (args.districtId) await this.policy.district(actor, args.districtId, 'districtId');
    return this.db.transaction(actorScope(actor), (tx) => this.repository.list(tx, { districtId: args.districtId ?? null }, args));
  }
}
