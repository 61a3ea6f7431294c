import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls, scopeExpression } from '../tenancy/rls-policy';

/** Region → District → School, users with one role and scope, the audit log, login throttling. */
export class Organisation1764150000100 implements MigrationInterface {
  name = 'Organisation1764150000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE regions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code varchar(32) NOT NULL,
      name varchar(255) NOT NULL,
      okato varchar(20),
      active boolean NOT NULL DEFAULT true,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT regions_code_key UNIQUE (code)
    )`);
    await q.query(`CREATE TABLE districts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL REFERENCES regions(id),
      code varchar(32) NOT NULL,
      name varchar(255) NOT NULL,
      oktmo varchar(20),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT districts_region_code_key UNIQUE (region_id, code),
      CONSTRAINT districts_region_id_key UNIQUE (region_id, id)
    )`);
    await q.query(`CREATE TABLE schools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      code varchar(32) NOT NULL,
      name varchar(500) NOT NULL,
      inn varchar(12),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT schools_district_fk FOREIGN KEY (region_id, district_id) REFERENCES districts(region_id, id),
      CONSTRAINT schools_district_code_key UNIQUE (district_id, code)
    )`);
    await q.query(`CREATE INDEX schools_region_idx ON schools (region_id)`);
    await q.query(`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email varchar(254) NOT NULL,
      password_hash varchar(255) NOT NULL,
      role varchar(32) NOT NULL CHECK (role IN ('SCHOOL_CURATOR', 'DISTRICT_COORDINATOR', 'AUTHORITY', 'ADMIN')),
      display_name varchar(255),
      region_id uuid REFERENCES regions(id),
      district_id uuid REFERENCES districts(id),
      school_id uuid REFERENCES schools(id),
      active boolean NOT NULL DEFAULT true,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_scope_matches_role CHECK (
        (role = 'SCHOOL_CURATOR' AND school_id IS NOT NULL AND district_id IS NOT NULL AND region_id IS NOT NULL)
        OR (role = 'DISTRICT_COORDINATOR' AND school_id IS NULL AND district_id IS NOT NULL AND region_id IS NOT NULL)
        OR (role = 'AUTHORITY' AND school_id IS NULL AND district_id IS NULL)
        OR (role = 'ADMIN' AND school_id IS NULL AND district_id IS NULL AND region_id IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_region_idx ON users (region_id)`);
    await q.query(`CREATE INDEX users_district_idx ON users (district_id)`);
    await q.query(`CREATE INDEX users_school_idx ON users (school_id)`);

    await q.query(`CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid,
      actor_role varchar(32) NOT NULL,
      region_id uuid,
      district_id uuid,
      school_id uuid,
      operation varchar(100) NOT NULL,
      target_type varchar(100),
      target_ids text[] NOT NULL DEFAULT '{}',
      details jsonb NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE INDEX audit_log_district_idx ON audit_log (district_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_log_region_idx ON audit_log (region_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_log_school_idx ON audit_log (school_id, occurred_at DESC)`);

    // Failed logins per e-mail and per client address; shared by every API replica.
    await q.query(`CREATE TABLE login_throttle (
      key varchar(300) PRIMARY KEY,
      failures integer NOT NULL DEFAULT 0,
      window_started_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz
    )`);

    // Regions: read by anyone inside the region, written by admins only.
    await q.query(`ALTER TABLE regions ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE regions FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY regions_tenant_read ON regions FOR SELECT USING (
      app_role() IN ('ADMIN', 'SYSTEM') OR (app_role() = 'AUTHORITY' AND app_region_id() IS NULL) OR id = app_region_id())`);
    await q.query(
      `CREATE POLICY regions_tenant_write ON regions FOR ALL USING (app_role() IN ('ADMIN', 'SYSTEM')) WITH CHECK (app_role() IN ('ADMIN', 'SYSTEM'))`,
    );
    // Districts: a curator reads its own district; coordinators and authorities by scope.
    const districtCols = { region: 'region_id', district: 'id' };
    const districtRead = `(${scopeExpression(districtCols)} OR (app_role() = 'SCHOOL_CURATOR' AND id = app_district_id()))`;
    for (const s of enableTenantRls('districts', districtCols, districtRead)) {
      await q.query(s);
    }
    for (const s of enableTenantRls('schools', { region: 'region_id', district: 'district_id', school: 'id' })) await q.query(s);
    for (const s of enableTenantRls('users', { region: 'region_id', district: 'district_id', school: 'school_id' })) await q.query(s);
    // The audit log is for admins, authorities and coordinators; curators do not read it.
    for (const s of enableTenantRls(
      'audit_log',
      { region: 'region_id', district: 'district_id', school: 'school_id' },
      scopeExpression({ region: 'region_id', district: 'district_id' }),
    )) {
      await q.query(s);
    }

    await q.query(`GRANT SELECT, INSERT, UPDATE ON regions, districts, schools, users TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON audit_log TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'users', 'schools', 'districts']) for (const s of dropTenantRls(t)) await q.query(s);
    await q.query(`DROP TABLE IF EXISTS login_throttle, audit_log, users, schools, districts, regions`);
  }
}
