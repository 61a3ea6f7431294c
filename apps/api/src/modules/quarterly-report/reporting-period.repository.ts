import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import { REPORTING_TIME_ZONE } from './reporting-period.dates';

export interface PeriodRow {
  regionId: string;
  year: number;
  quarter: number;
  /** YYYY-MM-DD */
  deadline: string;
  closedAt: Date | null;
  closedBy: string | null;
  updatedAt: Date;
}

export interface PeriodKey {
  regionId: string;
  year: number;
  quarter: number;
}

const COLUMNS = `region_id AS "regionId", year, quarter, deadline::text AS deadline, closed_at AS "closedAt",
  closed_by AS "closedBy", updated_at AS "updatedAt"`;

/**
 * The advisory lock of a region's period. Changes to reports hold it shared until they commit;
 * closing the period takes it exclusively, so it waits for changes in flight and every change after
 * it sees the closing.
 */
export const periodLockKey = (p: PeriodKey) => `reporting-period:${p.regionId}:${p.year}:${p.quarter}`;

/** Reporting periods of a region (deadline, closing). A period without a row is open with the default deadline. */
@Injectable()
export class ReportingPeriodRepository {
  async lockExclusive(period: PeriodKey): Promise<void> {
    const tx = currentTx();
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [periodLockKey(period)]);
  }

  async find(period: PeriodKey): Promise<PeriodRow | null> {
    const tx = currentTx();
    const rows = await tx.query<PeriodRow>(`SELECT ${COLUMNS} FROM reporting_periods WHERE region_id = $1 AND year = $2 AND quarter = $3`, [
      period.regionId,
      period.year,
      period.quarter,
    ]);
    return rows[0] ?? null;
  }

  /** The transaction's time and the calendar day it falls on where deadlines are kept. */
  /** The period's row (null without one) and the database's clock, in one round trip. */
  async findWithClock(period: PeriodKey): Promise<{ row: PeriodRow | null; now: Date; today: string }> {
    const tx = currentTx();
    const [found] = await tx.query<PeriodRow & { now: Date; today: string }>(
      `SELECT ${COLUMNS}, now() AS now, (now() AT TIME ZONE $4)::date::text AS today
         FROM (SELECT 1) AS clock LEFT JOIN reporting_periods ON region_id = $1 AND year = $2 AND quarter = $3`,
      [period.regionId, period.year, period.quarter, REPORTING_TIME_ZONE],
    );
    const { now, today, ...row } = found!;
    return { row: row.regionId === null ? null : row, now, today };
  }

  async clock(): Promise<{ now: Date; today: string }> {
    const tx = currentTx();
    const [row] = await tx.query<{ now: Date; today: string }>(`SELECT now() AS now, (now() AT TIME ZONE $1)::date::text AS today`, [
      REPORTING_TIME_ZONE,
    ]);
    return row!;
  }

  async setDeadline(period: PeriodKey, deadline: string): Promise<PeriodRow> {
    const tx = currentTx();
    const rows = await tx.query<PeriodRow>(
      `INSERT INTO reporting_periods (region_id, year, quarter, deadline) VALUES ($1, $2, $3, $4::date)
       ON CONFLICT (region_id, year, quarter) DO UPDATE SET deadline = EXCLUDED.deadline, updated_at = now()
       RETURNING ${COLUMNS}`,
      [period.regionId, period.year, period.quarter, deadline],
    );
    return rows[0]!;
  }

  /** Closes the period, writing its row with `deadline` when it has none yet. */
  async close(period: PeriodKey, deadline: string, userId: string): Promise<PeriodRow> {
    const tx = currentTx();
    const rows = await tx.query<PeriodRow>(
      `INSERT INTO reporting_periods (region_id, year, quarter, deadline, closed_at, closed_by) VALUES ($1, $2, $3, $4::date, now(), $5)
       ON CONFLICT (region_id, year, quarter) DO UPDATE SET closed_at = now(), closed_by = EXCLUDED.closed_by, updated_at = now()
       RETURNING ${COLUMNS}`,
      [period.regionId, period.year, period.quarter, deadline, userId],
    );
    return rows[0]!;
  }

  async reopen(period: PeriodKey): Promise<PeriodRow> {
    const tx = currentTx();
    const result = await tx.query(
      `UPDATE reporting_periods SET closed_at = NULL, closed_by = NULL, updated_at = now()
        WHERE region_id = $1 AND year = $2 AND quarter = $3 RETURNING ${COLUMNS}`,
      [period.regionId, period.year, period.quarter],
    );
    return (result as PeriodRow[])[0]!;
  }
}
