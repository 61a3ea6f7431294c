import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';

export interface DistrictQuarterKey {
  districtId: string;
  year: number;
  quarter: number;
}

export type DistrictQuarterState = 'OPEN' | 'SIGNED_OFF' | 'ACCEPTED';

/**
 * The advisory lock of a district's quarter. Report changes hold it shared until they commit; a
 * sign-off takes it exclusively, so it waits for changes in flight and no change slips in after its check.
 */
export const districtQuarterLockKey = (k: DistrictQuarterKey) => `district-quarter:${k.districtId}:${k.year}:${k.quarter}`;

/**
 * What the report workflow asks of the sign-off and the extensions, inside a report change's
 * transaction. Used by the quarterly-report module (ReportingPeriodService.assertOpen), so it
 * depends on nothing but the transaction.
 */
@Injectable()
export class ReportingLockRepository {
  async lockExclusive(key: DistrictQuarterKey): Promise<void> {
    const tx = currentTx();
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [districtQuarterLockKey(key)]);
  }

  /** The district quarter's state; a quarter without a row is OPEN. */
  async state(key: DistrictQuarterKey): Promise<DistrictQuarterState> {
    const tx = currentTx();
    const rows = await tx.query<{ state: DistrictQuarterState }>(
      `SELECT state FROM district_quarters WHERE district_id = $1 AND year = $2 AND quarter = $3`,
      [key.districtId, key.year, key.quarter],
    );
    return rows[0]?.state ?? 'OPEN';
  }

  /** The last day of the school's extension in force for the quarter (YYYY-MM-DD), if any. */
  async extensionUntil(key: DistrictQuarterKey & { schoolId: string }): Promise<string | null> {
    const tx = currentTx();
    const rows = await tx.query<{ until: string }>(
      `SELECT until::text AS until FROM reporting_extensions
        WHERE district_id = $1 AND school_id = $2 AND year = $3 AND quarter = $4 AND revoked_at IS NULL`,
      [key.districtId, key.schoolId, key.year, key.quarter],
    );
    return rows[0]?.until ?? null;
  }
}

/**
 * SQL (over a report aliased `r`) telling whether the report is locked: its period closed with no
 * extension in force for its school today, or its district quarter signed off or accepted.
 */
export const REPORT_LOCKED_SQL = `((p.closed_at IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM reporting_extensions e
     WHERE e.district_id = r.district_id AND e.school_id = r.school_id AND e.year = r.year AND e.quarter = r.quarter
       AND e.revoked_at IS NULL AND e.until >= (now() AT TIME ZONE 'Europe/Moscow')::date))
  OR EXISTS (SELECT 1 FROM district_quarters dq
     WHERE dq.district_id = r.district_id AND dq.year = r.year AND dq.quarter = r.quarter AND dq.state <> 'OPEN'))`;
