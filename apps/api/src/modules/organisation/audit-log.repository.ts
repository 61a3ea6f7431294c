import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@mm/database';
import { PageRequest, pageQuery } from './organisation.repository';
import { AuditLogEntryType, Page } from './organisation.types';

const AUDIT_COLUMNS = `id::text AS id, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_role AS "actorRole",
  region_id AS "regionId", district_id AS "districtId", school_id AS "schoolId", operation, target_type AS "targetType",
  target_ids AS "targetIds", details::text AS details`;

/** Reads of the append-only audit log (written by AuditLogService); RLS limits them to the reader's scope. */
@Injectable()
export class AuditLogRepository {
  list(tx: TenantTransaction, filter: { districtId: string | null }, page: PageRequest): Promise<Page<AuditLogEntryType>> {
    return pageQuery(tx, AUDIT_COLUMNS, `audit_log WHERE ($1::uuid IS NULL OR district_id = $1)`, 'audit_log.occurred_at DESC, audit_log.id DESC', [filter.districtId], page);
  }
}
