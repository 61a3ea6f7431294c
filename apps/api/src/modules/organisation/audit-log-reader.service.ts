import { Injectable } from '@nestjs/common';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLogArgs } from './organisation.inputs';
import { AuditLogEntryType, Page } from './organisation.types';

/** The audit log for admins, authorities (their region) and coordinators (their district). */
@Injectable()
export class AuditLogReader {
  constructor(
    private readonly policy: ScopePolicy,
    private readonly repository: AuditLogRepository,
  ) {}

  async list(args: AuditLogArgs): Promise<Page<AuditLogEntryType>> {
    if (args.regionId) await this.policy.region(args.regionId, 'regionId');
    if (args.districtId) await this.policy.district(args.districtId, 'districtId');
    if (args.schoolId) await this.policy.school(args.schoolId, 'schoolId');
    const filter = {
      regionId: args.regionId ?? null,
      districtId: args.districtId ?? null,
      schoolId: args.schoolId ?? null,
      actorUserId: args.actorUserId ?? null,
      operation: args.operation ?? null,
      from: args.from ?? null,
      to: args.to ?? null,
    };
    return this.repository.list(filter, args);
  }
}
