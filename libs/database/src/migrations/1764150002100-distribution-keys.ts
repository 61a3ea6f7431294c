import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Distribution readiness (issue 21): on a distributed PostgreSQL (Citus) every primary key and
 * unique constraint of a distributed table must include its distribution column, and a foreign
 * key between distributed tables must join on it. District tables are distributed by
 * `district_id`, region-level ones by `region_id` (libs/database/src/distribution). The keys
 * keep their names (error mapping reads them) and stay as selective as before: the old columns
 * come first, the distribution column is added after them.
 */
const DISTRICT_PRIMARY_KEYS: [table: string, columns: string][] = [
  ['enrollments', 'id, district_id'],
  ['quarterly_reports', 'id, district_id'],
  ['quarterly_report_revisions', 'id, district_id'],
  ['monitoring_school_rows', 'snapshot_id, school_id, district_id'],
  ['roadmaps', 'id, district_id'],
  ['roadmap_stages', 'id, district_id'],
  ['roadmap_stage_completions', 'id, district_id'],
  ['monitoring_snapshots', 'id, region_id'],
  ['monitoring_district_rows', 'snapshot_id, district_id, region_id'],
  ['stat_exports', 'id, region_id'],
];

const OLD_PRIMARY_KEYS: Record<string, string> = {
  monitoring_school_rows: 'snapshot_id, school_id',
  monitoring_district_rows: 'snapshot_id, district_id',
};

const UNIQUES: [table: string, name: string, before: string, after: string][] = [
  ['enrollments', 'enrollments_school_year_key', 'school_id, year', 'district_id, school_id, year'],
  ['quarterly_reports', 'quarterly_reports_school_period_key', 'school_id, year, quarter', 'school_id, year, quarter, district_id'],
  ['quarterly_report_revisions', 'quarterly_report_revisions_version_key', 'report_id, version', 'report_id, version, district_id'],
  ['roadmap_stages', 'roadmap_stages_position_key', 'roadmap_id, position', 'roadmap_id, position, district_id'],
  ['roadmap_stages', 'roadmap_stages_code_key', 'roadmap_id, code', 'roadmap_id, code, district_id'],
  ['roadmap_stage_completions', 'roadmap_stage_completions_stage_school_key', 'stage_id, school_id', 'stage_id, school_id, district_id'],
];

export class DistributionKeys1764150002100 implements MigrationInterface {
  name = 'DistributionKeys1764150002100';

  async up(q: QueryRunner): Promise<void> {
    // The revisions' key to their report is the report's primary key: drop it before the key changes.
    await q.query(`ALTER TABLE quarterly_report_revisions DROP CONSTRAINT quarterly_report_revisions_report_id_fkey`);
    for (const [table, columns] of DISTRICT_PRIMARY_KEYS) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${columns})`);
    }
    for (const [table, name, , after] of UNIQUES) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} UNIQUE (${after})`);
    }
    await q.query(`ALTER TABLE quarterly_report_revisions ADD CONSTRAINT quarterly_report_revisions_report_fk
      FOREIGN KEY (report_id, district_id) REFERENCES quarterly_reports(id, district_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quarterly_report_revisions DROP CONSTRAINT quarterly_report_revisions_report_fk`);
    for (const [table, name, before] of UNIQUES) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} UNIQUE (${before})`);
    }
    for (const [table] of DISTRICT_PRIMARY_KEYS) {
      await q.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${OLD_PRIMARY_KEYS[table] ?? 'id'})`,
      );
    }
    await q.query(`ALTER TABLE quarterly_report_revisions ADD CONSTRAINT quarterly_report_revisions_report_id_fkey
      FOREIGN KEY (report_id) REFERENCES quarterly_reports(id)`);
  }
}
