import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import { DEFAULT_REMINDER_DAYS_BEFORE } from '@mm/queue';
import { NotificationModel, RegionReportingSettingsModel } from './reporting-workflow.types';

const SETTINGS = `region_id AS "regionId", auto_close_days AS "autoCloseDays", reminder_days_before AS "reminderDaysBefore", version`;
const NOTIFICATION = `n.id, n.kind, n.school_id AS "schoolId", s.name AS "schoolName", n.year, n.quarter, n.deadline::text AS deadline,
  n.created_at AS "createdAt", n.read_at AS "readAt"`;

/** SQL of region reporting settings and of a user's notifications, in the caller's scoped transaction. */
@Injectable()
export class ReportingSettingsRepository {
  async settings(regionId: string): Promise<RegionReportingSettingsModel> {
    const tx = currentTx();
    const rows = await tx.query<RegionReportingSettingsModel>(`SELECT ${SETTINGS} FROM region_reporting_settings WHERE region_id = $1`, [
      regionId,
    ]);
    return rows[0] ?? { regionId, autoCloseDays: null, reminderDaysBefore: DEFAULT_REMINDER_DAYS_BEFORE, version: 0 };
  }

  /** Saves the settings from `expectedVersion`; null when someone saved them meanwhile. */
  async save(
    regionId: string,
    autoCloseDays: number | null,
    reminderDaysBefore: number,
    expectedVersion: number,
  ): Promise<RegionReportingSettingsModel | null> {
    const tx = currentTx();
    const rows = await tx.query<RegionReportingSettingsModel>(
      `INSERT INTO region_reporting_settings AS st (region_id, auto_close_days, reminder_days_before) SELECT $1, $2, $3 WHERE $4::int = 0
       ON CONFLICT (region_id) DO UPDATE SET auto_close_days = EXCLUDED.auto_close_days, reminder_days_before = EXCLUDED.reminder_days_before,
         version = st.version + 1, updated_at = now() WHERE st.version = $4::int
       RETURNING ${SETTINGS}`,
      [regionId, autoCloseDays, reminderDaysBefore, expectedVersion],
    );
    if (rows[0]) return rows[0];
    if (expectedVersion === 0) return null;
    const updated = await tx.query<RegionReportingSettingsModel>(
      `UPDATE region_reporting_settings SET auto_close_days = $2, reminder_days_before = $3, version = version + 1, updated_at = now()
        WHERE region_id = $1 AND version = $4 RETURNING ${SETTINGS}`,
      [regionId, autoCloseDays, reminderDaysBefore, expectedVersion],
    );
    return updated[0] ?? null;
  }

  async notifications(userId: string, limit: number): Promise<NotificationModel[]> {
    const tx = currentTx();
    return tx.query<NotificationModel>(
      `SELECT ${NOTIFICATION} FROM notifications n JOIN schools s ON s.id = n.school_id WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id LIMIT $2`,
      [userId, limit],
    );
  }

  async unreadCount(userId: string): Promise<number> {
    const tx = currentTx();
    const [row] = await tx.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return row!.count;
  }

  /** Which of `ids` are the user's own notifications. */
  async ownIds(userId: string, ids: readonly string[]): Promise<string[]> {
    const tx = currentTx();
    const rows = await tx.query<{ id: string }>(`SELECT id FROM notifications WHERE user_id = $1 AND id = ANY($2::uuid[])`, [userId, ids]);
    return rows.map((r) => r.id);
  }

  async markRead(userId: string, ids: readonly string[] | null): Promise<number> {
    const tx = currentTx();
    const rows = await tx.query(
      `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) RETURNING id`,
      [userId, ids],
    );
    return rows.length;
  }
}
