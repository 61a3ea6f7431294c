import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls, scopeExpression } from '../tenancy/rls-policy';

/**
 * The report figures a monitoring row keeps beside its headline numbers, for the monitoring
 * summary and the federal form (breakdowns by form, by mentor source, teachers, pairs, groups).
 * Copied here rather than imported: a migration is history and must not move with the code.
 */
const BREAKDOWN_COLUMNS = [
  'teachers',
  'mentees_student_student',
  'mentees_teacher_student',
  'mentees_university_student_student',
  'mentees_employer_student',
  'mentees_teachers',
  'mentees_young_specialists',
  'mentors_teachers',
  'mentors_external_employer',
  'mentors_external_university_student',
  'mentors_external_graduate',
  'mentors_external_parent',
  'mentors_external_other',
  'pairs',
  'groups',
];

/** Figures and computed values every monitoring row carries (a school, a district total, a region total). */
const FIGURE_COLUMNS = `
      students integer,
      base_students integer,
      mentor_base integer,
      mentees integer,
      mentors integer,
      mentee_target integer,
      mentor_target integer,
      coverage_percent numeric,
      progress_percent numeric,
      previous_mentees integer,
      mentees_delta integer,
      ${BREAKDOWN_COLUMNS.map((c) => `${c} integer`).join(',\n      ')}`;

const STATUS_CHECK = `CHECK (status IN ('ACHIEVED', 'ON_TRACK', 'AT_RISK', 'BEHIND', 'NO_DATA'))`;

/**
 * Quarterly monitoring snapshots (DESIGN §6). A job computes a scope (a district, a region, or
 * every region) in one set-based statement and replaces the snapshots of (scope, year, quarter)
 * in one transaction; dashboards read them as stored.
 *
 * * `monitoring_snapshots` — one header per (region, district, year, quarter): a district snapshot
 *   (district_id set) holds the district totals, a region snapshot (district_id NULL) the region's.
 *   Targets of a total come from the total base, not the sum of the rows' targets (kept beside).
 * * `monitoring_school_rows` — a row per school of a district snapshot.
 * * `monitoring_district_rows` — a row per district of a region snapshot.
 *   Rows are read through their snapshot (primary key) or, for a curator, by school and period.
 *   A recompute updates a school's row (and a header) in place; half of each page is left free
 *   (fillfactor) so those are HOT updates that touch no index.
 *   They carry no foreign key to the header: only the monitoring statement writes them, joined to
 *   the header it has just claimed, and a national run would pay 40 000 key checks for nothing.
 * * `monitoring_settings` — a region's expected progress per quarter, when it differs from the
 *   default 25/50/75/100 %.
 * * `monitoring_quarter_closes` — a marker per closed quarter, so the worker's scheduler records
 *   the quarter-close runs once however many workers and restarts there are.
 */
export class Monitoring1764150000500 implements MigrationInterface {
  name = 'Monitoring1764150000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE monitoring_snapshots (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      scope varchar(16) NOT NULL CHECK (scope IN ('DISTRICT', 'REGION')),
      region_id uuid NOT NULL,
      district_id uuid,
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      computed_at timestamptz NOT NULL DEFAULT now(),
      job_run_id uuid,
      expected_progress_bp integer NOT NULL DEFAULT 0 CHECK (expected_progress_bp BETWEEN 0 AND 10000),
      district_count integer,
      school_count integer NOT NULL DEFAULT 0,
      reported_school_count integer NOT NULL DEFAULT 0,
      not_reported_school_count integer NOT NULL DEFAULT 0,
      status varchar(16) NOT NULL DEFAULT 'NO_DATA' ${STATUS_CHECK},
      ${FIGURE_COLUMNS},
      sum_of_school_mentee_targets integer,
      sum_of_school_mentor_targets integer,
      sum_of_district_mentee_targets integer,
      sum_of_district_mentor_targets integer,
      CONSTRAINT monitoring_snapshots_scope_district_check CHECK ((scope = 'DISTRICT') = (district_id IS NOT NULL)),
      CONSTRAINT monitoring_snapshots_key UNIQUE NULLS NOT DISTINCT (region_id, district_id, year, quarter)
    ) WITH (fillfactor = 50)`);
    await q.query(`CREATE INDEX monitoring_snapshots_district_period_idx ON monitoring_snapshots (district_id, year, quarter)`);

    await q.query(`CREATE TABLE monitoring_school_rows (
      snapshot_id uuid NOT NULL,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL,
      year smallint NOT NULL,
      quarter smallint NOT NULL,
      computed_at timestamptz NOT NULL,
      code varchar(32) NOT NULL,
      name varchar(500) NOT NULL,
      report_status varchar(16) NOT NULL CHECK (report_status IN ('MISSING', 'DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED')),
      status varchar(16) NOT NULL ${STATUS_CHECK},
      expected_progress_bp integer NOT NULL,
      ${FIGURE_COLUMNS},
      PRIMARY KEY (snapshot_id, school_id)
    ) WITH (fillfactor = 50)`);
    await q.query(`CREATE INDEX monitoring_school_rows_school_period_idx ON monitoring_school_rows (school_id, year, quarter)`);

    await q.query(`CREATE TABLE monitoring_district_rows (
      snapshot_id uuid NOT NULL,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      year smallint NOT NULL,
      quarter smallint NOT NULL,
      code varchar(32) NOT NULL,
      name varchar(255) NOT NULL,
      school_count integer NOT NULL,
      reported_school_count integer NOT NULL,
      not_reported_school_count integer NOT NULL,
      status varchar(16) NOT NULL ${STATUS_CHECK},
      expected_progress_bp integer NOT NULL,
      ${FIGURE_COLUMNS},
      sum_of_school_mentee_targets integer,
      sum_of_school_mentor_targets integer,
      PRIMARY KEY (snapshot_id, district_id)
    )`);

    await q.query(`CREATE TABLE monitoring_settings (
      region_id uuid PRIMARY KEY REFERENCES regions(id),
      expected_q1_bp integer NOT NULL CHECK (expected_q1_bp BETWEEN 0 AND 10000),
      expected_q2_bp integer NOT NULL CHECK (expected_q2_bp BETWEEN 0 AND 10000),
      expected_q3_bp integer NOT NULL CHECK (expected_q3_bp BETWEEN 0 AND 10000),
      expected_q4_bp integer NOT NULL CHECK (expected_q4_bp BETWEEN 0 AND 10000),
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE monitoring_quarter_closes (
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      scheduled_at timestamptz NOT NULL DEFAULT now(),
      district_runs integer NOT NULL,
      region_runs integer NOT NULL,
      PRIMARY KEY (year, quarter)
    )`);

    const districtCols = { region: 'region_id', district: 'district_id' };
    for (const s of enableTenantRls('monitoring_snapshots', districtCols)) await q.query(s);
    for (const s of enableTenantRls('monitoring_district_rows', districtCols)) await q.query(s);
    // A curator reads its own school's row and nothing else of the district.
    for (const s of enableTenantRls('monitoring_school_rows', { ...districtCols, school: 'school_id' })) await q.query(s);

    // Settings belong to a region: everyone in it reads them (the jobs of its districts do);
    // authorities and admins write them.
    const regionWrite = scopeExpression({ region: 'region_id' });
    const regionRead = `(${regionWrite} OR region_id = app_region_id())`;
    for (const s of enableTenantRls('monitoring_settings', { region: 'region_id' }, regionRead)) await q.query(s);

    // Platform bookkeeping, written by the worker's scheduler only.
    await q.query(`ALTER TABLE monitoring_quarter_closes ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE monitoring_quarter_closes FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY monitoring_quarter_closes_system ON monitoring_quarter_closes FOR ALL
      USING (app_role() IN ('ADMIN', 'SYSTEM')) WITH CHECK (app_role() = 'SYSTEM')`);

    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON monitoring_snapshots, monitoring_school_rows, monitoring_district_rows TO ${APP_ROLE}`,
    );
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON monitoring_settings TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON monitoring_quarter_closes TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['monitoring_settings', 'monitoring_district_rows', 'monitoring_school_rows', 'monitoring_snapshots']) {
      for (const s of dropTenantRls(t)) await q.query(s);
    }
    await q.query(`DROP POLICY IF EXISTS monitoring_quarter_closes_system ON monitoring_quarter_closes`);
    await q.query(
      `DROP TABLE IF EXISTS monitoring_quarter_closes, monitoring_settings, monitoring_district_rows, monitoring_school_rows, monitoring_snapshots`,
    );
  }
}
