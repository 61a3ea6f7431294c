import { Injectable } from '@nestjs/common';
import { currentTx } from '../tenancy/tenant-database.service';

export interface AuditEntry {
  operation: string;
  targetType?: string;
  targetIds?: string[];
  regionId?: string | null;
  districtId?: string | null;
  schoolId?: string | null;
  /** What changed. Never passwords, tokens or personal data beyond ids and e-mails of accounts. */
  details?: Record<string, unknown>;
  /**
   * Whose action it was, when not the transaction's own user: a job writing what a person asked
   * for (an import) records that person, not the worker.
   */
  onBehalfOf?: { userId: string; role: string };
}

/**
 * Writes the audit row in the current transaction (the mutation's, or the job's that carries out a
 * person's request): the change and its record commit together. Used by the API and the worker.
 */
@Injectable()
export class AuditLogService {
  async record(entry: AuditEntry): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `INSERT INTO audit_log (actor_user_id, actor_role, region_id, district_id, school_id, operation, target_type, target_ids, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.onBehalfOf?.userId ?? tx.scope.userId,
        entry.onBehalfOf?.role ?? tx.scope.role,
        entry.regionId ?? null,
        entry.districtId ?? null,
        entry.schoolId ?? null,
        entry.operation,
        entry.targetType ?? null,
        entry.targetIds ?? [],
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }
}
