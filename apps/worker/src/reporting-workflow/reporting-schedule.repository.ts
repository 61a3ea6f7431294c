import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import { DEFAULT_REMINDER_DAYS_BEFORE, JOB_QUEUE, JobName } from '@mm/queue';

export interface ScheduledReportingRun {
  id: string;
  name: JobName;
  queue: string;
  runAfter: Date;
  regionId: string;
  districtId: null;
  dedupKey: string;
}

/** The quarters looked at: the current one and the seven before it (two years of deadlines). */
const QUARTERS_BACK = 7;
/** A reminder after the deadline goes out from the day after it, for a week (a worker down that day still sends it). */
const PASSED_WINDOW_DAYS = 7;

/**
 * Which regions' quarters are due for automatic closing or a reminder round today, recorded as
 * job runs (the outbox) in one statement. A run is recorded once per (region, quarter[, kind]): its
 * dedup key is looked for among every earlier run, not only queued ones — a quarter the authority
 * reopened after its automatic closing stays open, and a reminder round is not repeated.
 */
@Injectable()
export class ReportingScheduleRepository {
  async recordDueRuns(): Promise<ScheduledReportingRun[]> {
    const tx = currentTx();
    return tx.query<ScheduledReportingRun>(
      `WITH today AS (SELECT (now() AT TIME ZONE 'Europe/Moscow')::date AS d),
       quarters AS (
         SELECT extract(year FROM q)::int AS year, extract(quarter FROM q)::int AS quarter
           FROM today, generate_series(date_trunc('quarter', today.d) - make_interval(months => 3 * $1::int), date_trunc('quarter', today.d), interval '3 months') q
       ),
       periods AS (
         SELECT r.id AS region_id, qs.year, qs.quarter, p.closed_at,
                coalesce(p.deadline, (make_date(qs.year, qs.quarter * 3, 1) + interval '1 month' + interval '9 days')::date) AS deadline,
                st.auto_close_days, coalesce(st.reminder_days_before, $2::int) AS lead, today.d AS today
           FROM regions r CROSS JOIN quarters qs CROSS JOIN today
           LEFT JOIN reporting_periods p ON p.region_id = r.id AND p.year = qs.year AND p.quarter = qs.quarter
           LEFT JOIN region_reporting_settings st ON st.region_id = r.id
          WHERE r.active
       ),
       due AS (
         SELECT region_id, year, quarter, deadline, $4::text AS name, NULL::text AS kind,
                'reporting:auto-close:' || region_id || ':' || year || ':' || quarter AS dedup_key
           FROM periods WHERE closed_at IS NULL AND auto_close_days IS NOT NULL AND today > deadline + auto_close_days
         UNION ALL
         SELECT region_id, year, quarter, deadline, $5::text, 'DEADLINE_SOON',
                'reporting:reminders:' || region_id || ':' || year || ':' || quarter || ':DEADLINE_SOON'
           FROM periods WHERE closed_at IS NULL AND today BETWEEN deadline - lead AND deadline
         UNION ALL
         SELECT region_id, year, quarter, deadline, $5::text, 'DEADLINE_PASSED',
                'reporting:reminders:' || region_id || ':' || year || ':' || quarter || ':DEADLINE_PASSED'
           FROM periods WHERE closed_at IS NULL AND today BETWEEN deadline + 1 AND deadline + $3::int
       )
       INSERT INTO job_runs (name, queue, payload, dedup_key, region_id, district_id, school_id)
       SELECT d.name, $6,
              jsonb_build_object('scope', jsonb_build_object('regionId', d.region_id, 'districtId', NULL, 'schoolId', NULL),
                                 'year', d.year, 'quarter', d.quarter)
                || CASE WHEN d.kind IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('kind', d.kind, 'deadline', d.deadline::text) END,
              d.dedup_key, d.region_id, NULL, NULL
         FROM due d
        WHERE NOT EXISTS (SELECT 1 FROM job_runs j WHERE j.dedup_key = d.dedup_key AND j.state <> 'FAILED')
       ON CONFLICT (dedup_key) WHERE state = 'QUEUED' AND dedup_key IS NOT NULL DO NOTHING
       RETURNING id, name, queue, run_after AS "runAfter", region_id AS "regionId", district_id AS "districtId", dedup_key AS "dedupKey"`,
      [
        QUARTERS_BACK,
        DEFAULT_REMINDER_DAYS_BEFORE,
        PASSED_WINDOW_DAYS,
        JobName.REPORTING_AUTO_CLOSE,
        JobName.REPORTING_REMINDERS,
        JOB_QUEUE[JobName.REPORTING_AUTO_CLOSE],
      ],
    );
  }
}
