import { currentTx } from '@mm/database';
import { JOB_QUEUE, JobName, type JobRun } from '@mm/queue';
import type { YearQuarter } from './quarter';

export type ScheduledRun = Pick<JobRun, 'id' | 'name' | 'queue' | 'runAfter' | 'districtId' | 'regionId' | 'dedupKey'>;

/**
 * The quarter-close trigger: once per quarter, a monitoring run for every active district and
 * every active region. Runs in the platform's own (SYSTEM) scope: it is the platform's
 * bookkeeping, and each run then computes in the scope of its district or region.
 */
export class MonitoringScheduleRepository {
  /**
   * Records the quarter's runs in one statement, guarded by the quarter's marker row: the first
   * caller inserts the marker and the runs; every later caller (another worker, a restart) finds
   * the marker and records nothing. Returns the recorded runs, or null when the quarter was
   * already scheduled. Dedup keys are `monitoring:quarter-close:<districtId>:<year>:<quarter>`
   * and `monitoring:quarter-close:region:<regionId>:<year>:<quarter>`.
   */
  async recordQuarterClose(period: YearQuarter): Promise<ScheduledRun[] | null> {
    const tx = currentTx();
    const marked = await tx.query(
      `INSERT INTO monitoring_quarter_closes (year, quarter, district_runs, region_runs) VALUES ($1, $2, 0, 0)
       ON CONFLICT (year, quarter) DO NOTHING RETURNING year`,
      [period.year, period.quarter],
    );
    if (marked.length === 0) return null;
    const runs = await tx.query<ScheduledRun>(
      `WITH targets AS (
         SELECT d.region_id, d.id AS district_id, 'monitoring:quarter-close:' || d.id || ':' || $1::int || ':' || $2::int AS dedup_key
           FROM districts d JOIN regions r ON r.id = d.region_id
          WHERE d.active AND r.active
         UNION ALL
         SELECT r.id, NULL::uuid, 'monitoring:quarter-close:region:' || r.id || ':' || $1::int || ':' || $2::int
           FROM regions r
          WHERE r.active AND EXISTS (SELECT 1 FROM districts d WHERE d.region_id = r.id AND d.active)
       )
       INSERT INTO job_runs (name, queue, payload, dedup_key, region_id, district_id, school_id)
       SELECT $3, $4,
              jsonb_build_object('scope', jsonb_build_object('regionId', t.region_id, 'districtId', t.district_id, 'schoolId', NULL),
                                 'year', $1::int, 'quarter', $2::int),
              t.dedup_key, t.region_id, t.district_id, NULL
         FROM targets t
       ON CONFLICT (dedup_key) WHERE state = 'QUEUED' AND dedup_key IS NOT NULL DO NOTHING
       RETURNING id, name, queue, run_after AS "runAfter", region_id AS "regionId", district_id AS "districtId", dedup_key AS "dedupKey"`,
      [period.year, period.quarter, JobName.MONITORING_COMPUTE, JOB_QUEUE[JobName.MONITORING_COMPUTE]],
    );
    await tx.query(`UPDATE monitoring_quarter_closes SET district_runs = $3, region_runs = $4 WHERE year = $1 AND quarter = $2`, [
      period.year,
      period.quarter,
      runs.filter((r) => r.districtId !== null).length,
      runs.filter((r) => r.districtId === null).length,
    ]);
    return runs;
  }
}
