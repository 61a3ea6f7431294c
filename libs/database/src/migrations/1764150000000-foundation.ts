import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../tenancy/rls-policy';

/**
 * The runtime role group and the scope functions the RLS policies read. The app logs in as a
 * member of `mm_app`: it owns no table and cannot bypass RLS. The scope functions wrap
 * current_setting(…, true) in NULLIF because after a transaction a setting reads '' not NULL.
 */
export class Foundation1764150000000 implements MigrationInterface {
  name = 'Foundation1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      END IF;
    END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    for (const name of ['role', 'region_id', 'district_id', 'school_id', 'user_id']) {
      const type = name === 'role' ? 'text' : 'uuid';
      await q.query(`CREATE FUNCTION app_${name === 'role' ? 'role' : name}() RETURNS ${type}
        LANGUAGE sql STABLE PARALLEL SAFE
        AS $$ SELECT NULLIF(current_setting('app.${name}', true), '')::${type} $$`);
      await q.query(`GRANT EXECUTE ON FUNCTION app_${name}() TO ${APP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['role', 'region_id', 'district_id', 'school_id', 'user_id']) {
      await q.query(`DROP FUNCTION IF EXISTS app_${name}()`);
    }
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
