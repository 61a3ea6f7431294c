import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls, scopeExpression } from '../tenancy/rls-policy';

/**
 * Enrollment (students and mentor base per school and year) and target schedules as data:
 * a region default (district_id NULL) overridable per district, per indicator, any years.
 * Percentages are stored as integer hundredths of a percent (basis points) so arithmetic is exact.
 */
export class EnrollmentTargets1764150000300 implements MigrationInterface {
  name = 'EnrollmentTargets1764150000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE enrollments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      students integer NOT NULL CHECK (students >= 0),
      mentor_base integer CHECK (mentor_base >= 0 AND mentor_base <= students),
      version integer NOT NULL DEFAULT 1,
      updated_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT enrollments_school_year_key UNIQUE (school_id, year)
    )`);
    await q.query(`CREATE INDEX enrollments_district_year_idx ON enrollments (district_id, year)`);
    await q.query(`CREATE INDEX enrollments_region_idx ON enrollments (region_id)`);

    await q.query(`CREATE TABLE target_schedule_points (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL REFERENCES regions(id),
      district_id uuid REFERENCES districts(id),
      indicator varchar(32) NOT NULL CHECK (indicator IN ('MENTEE_COVERAGE', 'STUDENT_MENTORS')),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      percent_bp integer NOT NULL CHECK (percent_bp BETWEEN 0 AND 10000),
      updated_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE UNIQUE INDEX target_schedule_region_key ON target_schedule_points (region_id, indicator, year) WHERE district_id IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX target_schedule_district_key ON target_schedule_points (district_id, indicator, year) WHERE district_id IS NOT NULL`,
    );

    for (const s of enableTenantRls('enrollments', { region: 'region_id', district: 'district_id', school: 'school_id' })) await q.query(s);
    // Everyone in a region reads its default schedule; only its district's people read an override.
    const cols = { region: 'region_id', district: 'district_id' };
    const read = `(${scopeExpression(cols)} OR (region_id = app_region_id() AND (district_id IS NULL OR district_id = app_district_id())))`;
    for (const s of enableTenantRls('target_schedule_points', cols, read)) await q.query(s);

    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON enrollments, target_schedule_points TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['target_schedule_points', 'enrollments']) for (const s of dropTenantRls(t)) await q.query(s);
    await q.query(`DROP TABLE IF EXISTS target_schedule_points, enrollments`);
  }
}
