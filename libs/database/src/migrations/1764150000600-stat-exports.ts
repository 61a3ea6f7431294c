import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls } from '../tenancy/rls-policy';

/**
 * Statistical form exports (issue 7): one row per generated file of a form for a scope (a district,
 * or a region) and period. The file itself lives under DATA_DIR (`file_path`, relative to it) and is
 * served only when its SHA-256 still matches `sha256`. `data_version` fingerprints the inputs, so a
 * repeated request for the same form, scope, period, format and data returns the existing export.
 * The job's own state lives in `job_runs`; `state` here records what the export adds to it
 * (the file was stored: COMPLETED; the file was removed: EXPIRED; the stored file was found altered: FAILED).
 */
export class StatExports1764150000600 implements MigrationInterface {
  name = 'StatExports1764150000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stat_exports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL REFERENCES regions(id),
      district_id uuid,
      -- Always NULL today (no school-level form); kept so the table has the usual tenant columns.
      school_id uuid,
      scope_kind varchar(16) NOT NULL CHECK (scope_kind IN ('DISTRICT', 'REGION')),
      form_code varchar(32) NOT NULL CHECK (form_code IN ('TARGET_PLAN', 'MONITORING_SUMMARY', 'FEDERAL_FORM')),
      form_version integer NOT NULL CHECK (form_version > 0),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      -- Last plan year of a TARGET_PLAN (the schedule's last year when requested).
      to_year smallint CHECK (to_year BETWEEN 2000 AND 2100 AND to_year >= year),
      quarter smallint CHECK (quarter BETWEEN 1 AND 4),
      format varchar(8) NOT NULL CHECK (format IN ('XLSX', 'CSV')),
      csv_delimiter char(1) CHECK (csv_delimiter IN (';', ',')),
      data_version char(64) NOT NULL,
      state varchar(16) NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'EXPIRED')),
      job_run_id uuid NOT NULL,
      title text,
      sha256 char(64),
      bytes bigint CHECK (bytes >= 0),
      row_count integer CHECK (row_count >= 0),
      file_path varchar(500),
      error text,
      requested_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      completed_at timestamptz,
      expires_at timestamptz,
      expired_at timestamptz,
      CONSTRAINT stat_exports_district_fk FOREIGN KEY (region_id, district_id) REFERENCES districts(region_id, id),
      CONSTRAINT stat_exports_scope_check CHECK ((scope_kind = 'DISTRICT') = (district_id IS NOT NULL)),
      CONSTRAINT stat_exports_delimiter_check CHECK ((format = 'CSV') = (csv_delimiter IS NOT NULL)),
      CONSTRAINT stat_exports_completed_check CHECK (state <> 'COMPLETED' OR (sha256 IS NOT NULL AND bytes IS NOT NULL AND file_path IS NOT NULL AND expires_at IS NOT NULL))
    )`);
    // Dedup lookup: same form, scope and period, newest first.
    await q.query(`CREATE INDEX stat_exports_dedup_idx ON stat_exports (region_id, district_id, form_code, year, quarter, data_version)`);
    await q.query(`CREATE INDEX stat_exports_district_idx ON stat_exports (district_id, created_at DESC)`);
    await q.query(`CREATE INDEX stat_exports_region_idx ON stat_exports (region_id, created_at DESC)`);
    await q.query(`CREATE INDEX stat_exports_job_run_idx ON stat_exports (job_run_id)`);
    await q.query(`CREATE INDEX stat_exports_expiry_idx ON stat_exports (expires_at) WHERE state = 'COMPLETED'`);

    for (const s of enableTenantRls('stat_exports', { region: 'region_id', district: 'district_id', school: 'school_id' }))
      await q.query(s);
    // Rows are kept when their file expires (state EXPIRED): no DELETE for the runtime role.
    await q.query(`GRANT SELECT, INSERT, UPDATE ON stat_exports TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const s of dropTenantRls('stat_exports')) await q.query(s);
    await q.query(`DROP TABLE IF EXISTS stat_exports`);
  }
}
