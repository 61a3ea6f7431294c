import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, scopeExpression } from '../tenancy/rls-policy';

/**
 * The database lock narrowed to what the guards allow (security review, issue 17):
 * - users: written only by who may manage the account (an admin; an authority for the non-admin
 *   accounts of its region — federal ones by admins only; a coordinator for the curators of its
 *   district) or by the account itself; role, scope and e-mail are not updatable by the runtime
 *   role at all (column grants), and a password is set only by its account, an admin or the platform.
 * - job_runs: the runtime role updates only the state columns, never payload or tenant columns.
 * - login_throttle holds e-mails and client addresses: the platform's (SYSTEM) bookkeeping only.
 *   (rate_limits is left to the rate-limit reservation function that replaces direct writes.)
 */
export class NarrowWriteRights1764150001710 implements MigrationInterface {
  name = 'NarrowWriteRights1764150001710';

  async up(q: QueryRunner): Promise<void> {
    const manage = `(app_role() IN ('ADMIN', 'SYSTEM')
      OR (app_role() = 'AUTHORITY' AND role <> 'ADMIN' AND region_id IS NOT NULL AND (app_region_id() IS NULL OR region_id = app_region_id()))
      OR (app_role() = 'DISTRICT_COORDINATOR' AND role = 'SCHOOL_CURATOR' AND district_id = app_district_id()))`;
    const own = `(id = app_user_id())`;
    const read = scopeExpression({ region: 'region_id', district: 'district_id', school: 'school_id' });
    for (const p of ['read', 'insert', 'update', 'delete']) await q.query(`DROP POLICY IF EXISTS users_tenant_${p} ON users`);
    await q.query(`CREATE POLICY users_tenant_read ON users FOR SELECT USING (${read} OR ${own})`);
    await q.query(`CREATE POLICY users_tenant_insert ON users FOR INSERT WITH CHECK ${manage}`);
    await q.query(`CREATE POLICY users_tenant_update ON users FOR UPDATE USING (${manage} OR ${own}) WITH CHECK (${manage} OR ${own})`);
    await q.query(`CREATE POLICY users_tenant_delete ON users FOR DELETE USING ${manage}`);
    await q.query(`REVOKE UPDATE ON users FROM ${APP_ROLE}`);
    await q.query(
      `GRANT UPDATE (password_hash, must_change_password, token_version, active, display_name, last_login_at, updated_at) ON users TO ${APP_ROLE}`,
    );
    await q.query(`CREATE FUNCTION users_guard_password() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.password_hash IS DISTINCT FROM OLD.password_hash AND app_role() IS NOT NULL
           AND app_role() NOT IN ('ADMIN', 'SYSTEM') AND NEW.id IS DISTINCT FROM app_user_id() THEN
          RAISE EXCEPTION 'only the account itself or an admin sets its password' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER users_guard_password BEFORE UPDATE OF password_hash ON users FOR EACH ROW EXECUTE FUNCTION users_guard_password()`,
    );

    await q.query(`REVOKE UPDATE ON job_runs FROM ${APP_ROLE}`);
    await q.query(
      `GRANT UPDATE (state, progress, attempts, error, result, run_after, updated_at, started_at, finished_at) ON job_runs TO ${APP_ROLE}`,
    );

    await q.query(`ALTER TABLE login_throttle ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE login_throttle FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY login_throttle_system ON login_throttle FOR ALL USING (app_role() = 'SYSTEM') WITH CHECK (app_role() = 'SYSTEM')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY IF EXISTS login_throttle_system ON login_throttle`);
    await q.query(`ALTER TABLE login_throttle NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE login_throttle DISABLE ROW LEVEL SECURITY`);
    await q.query(`REVOKE UPDATE ON job_runs FROM ${APP_ROLE}`);
    await q.query(`GRANT UPDATE ON job_runs TO ${APP_ROLE}`);
    await q.query(`DROP TRIGGER IF EXISTS users_guard_password ON users`);
    await q.query(`DROP FUNCTION IF EXISTS users_guard_password()`);
    await q.query(`REVOKE UPDATE ON users FROM ${APP_ROLE}`);
    await q.query(`GRANT UPDATE ON users TO ${APP_ROLE}`);
    for (const p of ['read', 'insert', 'update', 'delete']) await q.query(`DROP POLICY IF EXISTS users_tenant_${p} ON users`);
    const write = scopeExpression({ region: 'region_id', district: 'district_id', school: 'school_id' });
    await q.query(`CREATE POLICY users_tenant_read ON users FOR SELECT USING ${write}`);
    await q.query(`CREATE POLICY users_tenant_insert ON users FOR INSERT WITH CHECK ${write}`);
    await q.query(`CREATE POLICY users_tenant_update ON users FOR UPDATE USING ${write} WITH CHECK ${write}`);
    await q.query(`CREATE POLICY users_tenant_delete ON users FOR DELETE USING ${write}`);
  }
}
