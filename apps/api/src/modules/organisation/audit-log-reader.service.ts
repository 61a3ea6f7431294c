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
    if (args.regionId) await this.policy.region(actor, args.regionId, 'regionId');
    if (args.districtId) await this.policy.district(actor, args.districtId, 'districtId');
    if (args.schoolId) await this.policy.school(actor, args.schoolId, 'schoolId');
    const filter = {
      regionId: args.regionId ?? null,
      districtId: args.districtId ?? null,
      schoolId: args.schoolId ?? null,
      actorUserId: args.actorUserId ?? null,
      operation: args.operation ?? null,
      from: args.from ?? null,
      to: args.to ?? null,
    };
    return this.db.transaction(actorScope(actor), (tx) => this.repository.list(tx, filter, args));
  }
}
