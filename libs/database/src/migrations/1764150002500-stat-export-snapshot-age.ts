import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A monitoring export records the age of the snapshot its figures come from: when the snapshot was
 * computed and whether the plan (enrollment, schedule) or the quarter's reports had changed since,
 * as seen when the export was requested. NULL for forms not read from a snapshot. The table's
 * grants (SELECT, INSERT, UPDATE to the app role) and RLS cover the new columns.
 */
export class StatExportSnapshotAge1764150002500 implements MigrationInterface {
  name = 'StatExportSnapshotAge1764150002500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stat_exports ADD COLUMN snapshot_computed_at timestamptz, ADD COLUMN snapshot_stale boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stat_exports DROP COLUMN snapshot_stale, DROP COLUMN snapshot_computed_at`);
  }
}
