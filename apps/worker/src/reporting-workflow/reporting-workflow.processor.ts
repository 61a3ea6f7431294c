import { Injectable } from '@nestjs/common';
import { TenantDatabase, TenantTransaction } from '@mm/database';
import { JobName, scopeOfJob, type ReportingAutoClosePayload, type ReportingRemindersPayload } from '@mm/queue';
import { JobHandler, type JobContext } from '../jobs/job-handler.decorator';
import { ReminderMailer } from './reminder-mailer';

export interface AutoCloseResult {
  closed: boolean;
  /** Why nothing was done: ALREADY_CLOSED, NOT_DUE or NO_SETTING. */
  skipped?: string;
  deadline?: string;
}

export interface RemindersResult {
  notified: number;
  emailed: number;
  failed: number;
}

interface NewNotification {
  id: string;
  email: string;
  schoolName: string;
}

/**
 * The region's reporting jobs, run in the region's scope (never SYSTEM). Both are idempotent:
 * closing checks the period under the same lock as a closing by hand; a reminder is a row unique per
 * (curator, school, quarter, kind), inserted and committed before its e-mail is sent, so a
 * redelivered job neither reminds twice nor e-mails twice (a crash between the two loses an e-mail
 * rather than sending it again).
 */
@Injectable()
export class ReportingWorkflowProcessor {
  constructor(
    private readonly db: TenantDatabase,
    private readonly mailer: ReminderMailer,
  ) {}

  @JobHandler(JobName.REPORTING_AUTO_CLOSE)
  async autoClose(payload: ReportingAutoClosePayload): Promise<AutoCloseResult> {
    const regionId = payload.scope.regionId!;
    return this.db.transaction(scopeOfJob(payload.scope), async (tx) => {
      // The lock a closing by hand takes (ReportingPeriodRepository): report changes in flight finish first.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `reporting-period:${regionId}:${payload.year}:${payload.quarter}`,
      ]);
      const [period] = await tx.query<{ closed: boolean; deadline: string; days: number | null; due: boolean }>(
        `SELECT p.closed_at IS NOT NULL AS closed, d.deadline::text AS deadline, st.auto_close_days AS days,
                (now() AT TIME ZONE 'Europe/Moscow')::date > d.deadline + st.auto_close_days AS due
           FROM (SELECT coalesce((SELECT deadline FROM reporting_periods WHERE region_id = $1 AND year = $2 AND quarter = $3),
                                 (make_date($2, $3 * 3, 1) + interval '1 month' + interval '9 days')::date) AS deadline) d
           LEFT JOIN reporting_periods p ON p.region_id = $1 AND p.year = $2 AND p.quarter = $3
           LEFT JOIN region_reporting_settings st ON st.region_id = $1`,
        [regionId, payload.year, payload.quarter],
      );
      if (period!.closed) return { closed: false, skipped: 'ALREADY_CLOSED', deadline: period!.deadline };
      if (period!.days === null) return { closed: false, skipped: 'NO_SETTING', deadline: period!.deadline };
      if (!period!.due) return { closed: false, skipped: 'NOT_DUE', deadline: period!.deadline };
      await tx.query(
        `INSERT INTO reporting_periods (region_id, year, quarter, deadline, closed_at) VALUES ($1, $2, $3, $4::date, now())
         ON CONFLICT (region_id, year, quarter) DO UPDATE SET closed_at = now(), closed_by = NULL, updated_at = now()`,
        [regionId, payload.year, payload.quarter, period!.deadline],
      );
      await audit(tx, 'reportingPeriod.autoClose', regionId, `${regionId}:${payload.year}:${payload.quarter}`, {
        year: payload.year,
        quarter: payload.quarter,
        deadline: period!.deadline,
        autoCloseDays: period!.days,
      });
      return { closed: true, deadline: period!.deadline };
    });
  }

  @JobHandler(JobName.REPORTING_REMINDERS)
  async remind(payload: ReportingRemindersPayload, context: JobContext): Promise<RemindersResult> {
    const scope = scopeOfJob(payload.scope);
    const emailing = this.mailer.configured;
    const created = await this.db.transaction(scope, async (tx) => {
      const [closed] = await tx.query<{ closed: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM reporting_periods WHERE region_id = $1 AND year = $2 AND quarter = $3 AND closed_at IS NOT NULL) AS closed`,
        [payload.scope.regionId, payload.year, payload.quarter],
      );
      if (closed!.closed) return [];
      // Active curators of active schools whose report is not submitted (none, a draft, or returned).
      return tx.query<NewNotification>(
        `WITH inserted AS (
           INSERT INTO notifications (user_id, region_id, district_id, school_id, kind, year, quarter, deadline, email_state)
           SELECT u.id, s.region_id, s.district_id, s.id, $4, $2, $3, $5::date, CASE WHEN $6::boolean THEN 'PENDING' ELSE 'NONE' END
             FROM schools s
             JOIN users u ON u.school_id = s.id AND u.role = 'SCHOOL_CURATOR' AND u.active
             LEFT JOIN quarterly_reports r ON r.school_id = s.id AND r.year = $2 AND r.quarter = $3
            WHERE s.region_id = $1 AND s.active AND (r.status IS NULL OR r.status NOT IN ('SUBMITTED', 'APPROVED'))
           ON CONFLICT ON CONSTRAINT notifications_once_key DO NOTHING
           RETURNING id, user_id, school_id)
         SELECT i.id, u.email, s.name AS "schoolName" FROM inserted i JOIN users u ON u.id = i.user_id JOIN schools s ON s.id = i.school_id`,
        [payload.scope.regionId, payload.year, payload.quarter, payload.kind, payload.deadline, emailing],
      );
    });
    await context.progress(50);
    let emailed = 0;
    let failed = 0;
    for (const notification of emailing ? created : []) {
      const sent = await this.mailer.send({
        to: notification.email,
        schoolName: notification.schoolName,
        year: payload.year,
        quarter: payload.quarter,
        kind: payload.kind,
        deadline: payload.deadline,
      });
      if (sent) emailed++;
      else failed++;
      await this.db.transaction(scope, (tx) =>
        tx.query(`UPDATE notifications SET email_state = $2 WHERE id = $1`, [notification.id, sent ? 'SENT' : 'FAILED']),
      );
    }
    return { notified: created.length, emailed, failed };
  }
}

async function audit(
  tx: TenantTransaction,
  operation: string,
  regionId: string,
  target: string,
  details: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_user_id, actor_role, region_id, operation, target_type, target_ids, details)
     VALUES (NULL, $1, $2, $3, 'reporting_period', $4, $5)`,
    [tx.scope.role, regionId, operation, [target], JSON.stringify(details)],
  );
}
