import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls } from '../tenancy/rls-policy';

/**
 * Quarterly reports: one row per school and quarter holding the current figures (a jsonb map
 * code → value, read set-based by monitoring), an append-only revision per change, idempotency
 * records for retried requests, and reporting periods (deadline, closing) per region.
 */
export class QuarterlyReports1764150000400 implements MigrationInterface {
  name = 'QuarterlyReports1764150000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE quarterly_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      status varchar(16) NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED')),
      version integer NOT NULL DEFAULT 1,
      catalogue_version smallint NOT NULL,
      figures jsonb NOT NULL DEFAULT '{}',
      comment text,
      submitted_at timestamptz,
      submitted_late boolean NOT NULL DEFAULT false,
      approved_at timestamptz,
      created_by uuid,
      updated_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT quarterly_reports_school_period_key UNIQUE (school_id, year, quarter)
    )`);
    await q.query(`CREATE INDEX quarterly_reports_district_period_idx ON quarterly_reports (district_id, year, quarter)`);
    await q.query(`CREATE INDEX quarterly_reports_region_period_idx ON quarterly_reports (region_id, year, quarter)`);

    await q.query(`CREATE TABLE quarterly_report_revisions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      report_id uuid NOT NULL REFERENCES quarterly_reports(id),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL,
      version integer NOT NULL,
      action varchar(16) NOT NULL CHECK (action IN ('SAVE', 'SUBMIT', 'APPROVE', 'RETURN', 'REOPEN')),
      status varchar(16) NOT NULL,
      figures jsonb NOT NULL,
      changes jsonb NOT NULL DEFAULT '[]',
      comment text,
      author_id uuid,
      author_role varchar(32) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT quarterly_report_revisions_version_key UNIQUE (report_id, version)
    )`);
    await q.query(`CREATE INDEX quarterly_report_revisions_district_idx ON quarterly_report_revisions (district_id)`);
    await q.query(`CREATE INDEX quarterly_report_revisions_school_idx ON quarterly_report_revisions (school_id)`);

    // A retried request (same user, same key) returns the stored result instead of writing again.
    await q.query(`CREATE TABLE idempotency_keys (
      user_id uuid NOT NULL,
      key varchar(200) NOT NULL,
      operation varchar(100) NOT NULL,
      request_hash char(64) NOT NULL,
      response jsonb NOT NULL,
      region_id uuid,
      district_id uuid,
      school_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);

    await q.query(`CREATE TABLE reporting_periods (
      region_id uuid NOT NULL REFERENCES regions(id),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      deadline date NOT NULL,
      closed_at timestamptz,
      closed_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (region_id, year, quarter)
    )`);

    const cols = { region: 'region_id', district: 'district_id', school: 'school_id' };
    for (const t of ['quarterly_reports', 'quarterly_report_revisions', 'idempotency_keys']) {
      for (const s of enableTenantRls(t, cols)) await q.query(s);
    }
    // Periods belong to a region: everyone in it reads them; authorities and admins write them.
    await q.query(`ALTER TABLE reporting_periods ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE reporting_periods FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY reporting_periods_read ON reporting_periods FOR SELECT USING (
      app_role() IN ('ADMIN', 'SYSTEM') OR (app_role() = 'AUTHORITY' AND app_region_id() IS NULL) OR region_id = app_region_id())`);
    await q.query(`CREATE POLICY reporting_periods_write ON reporting_periods FOR ALL USING (
      app_role() IN ('ADMIN', 'SYSTEM') OR (app_role() = 'AUTHORITY' AND (app_region_id() IS NULL OR region_id = app_region_id())))
      WITH CHECK (app_role() IN ('ADMIN', 'SYSTEM') OR (app_role() = 'AUTHORITY' AND (app_region_id() IS NULL OR region_id = app_region_id())))`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON quarterly_reports TO ${APP_ROLE}`);
    // Revisions are append-only for the runtime role: no UPDATE, no DELETE.
    await q.query(`GRANT SELECT, INSERT ON quarterly_report_revisions TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON idempotency_keys TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON reporting_periods TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['quarterly_reports', 'quarterly_report_revisions', 'idempotency_keys'])
      for (const s of dropTenantRls(t)) await q.query(s);
    await q.query(`DROP TABLE IF EXISTS reporting_periods, idempotency_keys, quarterly_report_revisions, quarterly_reports`);
  }
}
