import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import { PageRequest, pageQuery } from './organisation.repository';
import { AuditLogEntryType, Page } from './organisation.types';

const AUDIT_COLUMNS = `id::text AS id, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_role AS "actorRole",
  region_id AS "regionId", district_id AS "districtId", school_id AS "schoolId", operation, target_type AS "targetType",
  target_ids AS "targetIds", details::text AS details`;

export interface AuditLogFilter {
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
  actorUserId: string | null;
  operation: string | null;
  from: string | null;
  to: string | null;
}

/** Reads of the append-only audit log (written by AuditLogService); RLS limits them to the reader's scope. */
@Injectable()
export class AuditLogRepository {
  list(filter: AuditLogFilter, page: PageRequest): Promise<Page<AuditLogEntryType>> {
    const tx = currentTx();
    return pageQuery(
      tx,
      AUDIT_COLUMNS,
      `audit_log WHERE ($1::uuid IS NULL OR region_id = $1) AND ($2::uuid IS NULL OR district_id = $2) AND ($3::uuid IS NULL OR school_id = $3)
         AND ($4::uuid IS NULL OR actor_user_id = $4) AND ($5::text IS NULL OR operation = $5)
         AND ($6::timestamptz IS NULL OR occurred_at >= $6) AND ($7::timestamptz IS NULL OR occurred_at < $7)`,
      'audit_log.occurred_at DESC, audit_log.id DESC',
      [filter.regionId, filter.districtId, filter.schoolId, filter.actorUserId, filter.operation, filter.from, filter.to],
      page,
    );
  }
}
