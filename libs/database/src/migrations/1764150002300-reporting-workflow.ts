import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls, scopeExpression } from '../tenancy/rls-policy';

/**
 * Above the school's report (issue 19):
 * * `schools.deactivated_on`: the day a school stopped working (kept by a trigger when `active`
 *   flips), so completeness knows which schools were expected in a past quarter;
 * * `district_quarters` (+ append-only `district_quarter_revisions`): the district's sign-off of a
 *   quarter to the region (OPEN → SIGNED_OFF → ACCEPTED, or back to OPEN);
 * * `reporting_extensions`: one school let into a closed quarter until a day;
 * * `region_reporting_settings`: automatic closing N days after the deadline, reminder lead time;
 * * `notifications`: reminders to curators, one row per (user, school, quarter, kind), recorded
 *   before anything is sent so a reminder goes out once.
 */
export class ReportingWorkflow1764150002300 implements MigrationInterface {
  name = 'ReportingWorkflow1764150002300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE schools ADD COLUMN deactivated_on date`);
    // Schools deactivated before this column existed: the last change is the best date known.
    await q.query(`UPDATE schools SET deactivated_on = (updated_at AT TIME ZONE 'Europe/Moscow')::date WHERE NOT active`);
    await q.query(`CREATE FUNCTION schools_track_deactivation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.active AND NOT OLD.active THEN
          NEW.deactivated_on := NULL;
        ELSIF OLD.active AND NOT NEW.active AND NEW.deactivated_on IS NULL THEN
          NEW.deactivated_on := (now() AT TIME ZONE 'Europe/Moscow')::date;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER schools_track_deactivation BEFORE UPDATE OF active ON schools
      FOR EACH ROW EXECUTE FUNCTION schools_track_deactivation()`);

    await q.query(`CREATE TABLE district_quarters (
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      state varchar(16) NOT NULL CHECK (state IN ('OPEN', 'SIGNED_OFF', 'ACCEPTED')),
      version integer NOT NULL DEFAULT 1,
      missing jsonb NOT NULL DEFAULT '[]',
      comment text,
      signed_off_at timestamptz,
      signed_off_by uuid,
      decided_at timestamptz,
      decided_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (district_id, year, quarter),
      CONSTRAINT district_quarters_district_fk FOREIGN KEY (region_id, district_id) REFERENCES districts(region_id, id)
    )`);
    await q.query(`CREATE INDEX district_quarters_region_idx ON district_quarters (region_id, year, quarter)`);
    await q.query(`CREATE TABLE district_quarter_revisions (
      id bigint GENERATED ALWAYS AS IDENTITY,
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      year smallint NOT NULL,
      quarter smallint NOT NULL,
      version integer NOT NULL,
      action varchar(16) NOT NULL CHECK (action IN ('SIGN_OFF', 'ACCEPT', 'SEND_BACK')),
      state varchar(16) NOT NULL,
      missing jsonb NOT NULL DEFAULT '[]',
      comment text,
      author_id uuid,
      author_role varchar(32) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (district_id, id),
      CONSTRAINT district_quarter_revisions_version_key UNIQUE (district_id, year, quarter, version)
    )`);

    await q.query(`CREATE TABLE reporting_extensions (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL REFERENCES schools(id),
      year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      quarter smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      until date NOT NULL,
      reason text NOT NULL,
      granted_by uuid,
      granted_at timestamptz NOT NULL DEFAULT now(),
      revoked_by uuid,
      revoked_at timestamptz,
      PRIMARY KEY (district_id, id)
    )`);
    // At most one extension in force per school and quarter; a new grant revokes the old one.
    await q.query(
      `CREATE UNIQUE INDEX reporting_extensions_active_key ON reporting_extensions (district_id, school_id, year, quarter) WHERE revoked_at IS NULL`,
    );
    await q.query(`CREATE INDEX reporting_extensions_region_idx ON reporting_extensions (region_id, year, quarter)`);

    await q.query(`CREATE TABLE region_reporting_settings (
      region_id uuid PRIMARY KEY REFERENCES regions(id),
      auto_close_days smallint CHECK (auto_close_days BETWEEN 0 AND 366),
      reminder_days_before smallint CHECK (reminder_days_before BETWEEN 1 AND 90),
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      region_id uuid NOT NULL,
      district_id uuid NOT NULL,
      school_id uuid NOT NULL,
      kind varchar(32) NOT NULL CHECK (kind IN ('DEADLINE_SOON', 'DEADLINE_PASSED')),
      year smallint NOT NULL,
      quarter smallint NOT NULL,
      deadline date NOT NULL,
      email_state varchar(16) NOT NULL DEFAULT 'NONE' CHECK (email_state IN ('NONE', 'PENDING', 'SENT', 'FAILED')),
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      CONSTRAINT notifications_once_key UNIQUE (user_id, school_id, year, quarter, kind)
    )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    // The reporting scheduler records a run once per key, finished runs included: looked up by key.
    await q.query(`CREATE INDEX job_runs_dedup_idx ON job_runs (dedup_key) WHERE dedup_key IS NOT NULL`);

    // The district quarter's state is read by every report change of the district, including a
    // curator's save: curators of the district read it (and write nothing).
    const districtCols = { region: 'region_id', district: 'district_id' };
    const readDistrictQuarter = `(${scopeExpression(districtCols)} OR (app_role() = 'SCHOOL_CURATOR' AND district_id = app_district_id()))`;
    for (const t of ['district_quarters', 'district_quarter_revisions']) {
      for (const s of enableTenantRls(t, districtCols, readDistrictQuarter)) await q.query(s);
    }
    // A curator reads its school's extension; only the district, region or admin write it (the guard checks roles too).
    const extensionWrite = scopeExpression(districtCols);
    const extensionRead = scopeExpression({ ...districtCols, school: 'school_id' });
    await q.query(`ALTER TABLE reporting_extensions ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE reporting_extensions FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY reporting_extensions_tenant_read ON reporting_extensions FOR SELECT USING ${extensionRead}`);
    await q.query(`CREATE POLICY reporting_extensions_tenant_insert ON reporting_extensions FOR INSERT WITH CHECK ${extensionWrite}`);
    await q.query(
      `CREATE POLICY reporting_extensions_tenant_update ON reporting_extensions FOR UPDATE USING ${extensionWrite} WITH CHECK ${extensionWrite}`,
    );

    // Region settings: like reporting_periods, read by everyone in the region, written by its authority.
    await q.query(`ALTER TABLE region_reporting_settings ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE region_reporting_settings FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY region_reporting_settings_read ON region_reporting_settings FOR SELECT USING (
      app_role() IN ('ADMIN', 'SYSTEM') OR (app_role() = 'AUTHORITY' AND app_region_id() IS NULL) OR region_id = app_region_id())`);
    const authority = `(app_role() IN ('ADMIN', 'SYSTEM') OR (app_role() = 'AUTHORITY' AND (app_region_id() IS NULL OR region_id = app_region_id())))`;
    await q.query(
      `CREATE POLICY region_reporting_settings_write ON region_reporting_settings FOR ALL USING ${authority} WITH CHECK ${authority}`,
    );

    // A notification is its addressee's; the reminder job (region scope) writes them for curators of its region.
    await q.query(`ALTER TABLE notifications ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE notifications FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY notifications_read ON notifications FOR SELECT USING (user_id = app_user_id() OR ${scopeExpression({ region: 'region_id' })})`,
    );
    await q.query(`CREATE POLICY notifications_insert ON notifications FOR INSERT WITH CHECK ${scopeExpression({ region: 'region_id' })}`);
    await q.query(`CREATE POLICY notifications_update ON notifications FOR UPDATE USING (user_id = app_user_id() OR ${scopeExpression({ region: 'region_id' })})
      WITH CHECK (user_id = app_user_id() OR ${scopeExpression({ region: 'region_id' })})`);

    await q.query(`GRANT SELECT, INSERT, UPDATE ON district_quarters TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON district_quarter_revisions TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE (revoked_by, revoked_at) ON reporting_extensions TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON region_reporting_settings TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON notifications TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE (read_at, email_state) ON notifications TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['district_quarters', 'district_quarter_revisions']) for (const s of dropTenantRls(t)) await q.query(s);
    await q.query(`DROP INDEX IF EXISTS job_runs_dedup_idx`);
    await q.query(
      `DROP TABLE IF EXISTS notifications, region_reporting_settings, reporting_extensions, district_quarter_revisions, district_quarters`,
    );
    await q.query(`DROP TRIGGER IF EXISTS schools_track_deactivation ON schools`);
    await q.query(`DROP FUNCTION IF EXISTS schools_track_deactivation()`);
    await q.query(`ALTER TABLE schools DROP COLUMN IF EXISTS deactivated_on`);
  }
}
