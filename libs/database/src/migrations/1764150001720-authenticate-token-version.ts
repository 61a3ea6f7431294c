import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../tenancy/rls-policy';

/**
 * The request's re-check of its user (`app_authenticate`, see RequestPath1764150001500) learns the
 * token version: a token whose version is not the account's (a changed password, role or scope, a
 * deactivation, a logout) is refused like an inactive account, in the same statement that sets
 * the scope. It also tells whether the password must be changed first. `status` says which: OK
 * (the scope is set), INACTIVE (no such active account, or its school is inactive) or REVOKED.
 */
export class AuthenticateTokenVersion1764150001720 implements MigrationInterface {
  name = 'AuthenticateTokenVersion1764150001720';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION app_authenticate(uuid)`);
    await q.query(`CREATE FUNCTION app_authenticate(p_user uuid, p_version integer)
      RETURNS TABLE (status text, id uuid, email text, role text, region_id uuid, district_id uuid, school_id uuid, must_change_password boolean)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE u record;
      BEGIN
        PERFORM set_config('app.role', 'SYSTEM', true);
        SELECT us.id, us.email::text AS email, us.role::text AS role, us.region_id, us.district_id, us.school_id,
               us.token_version, us.must_change_password INTO u
          FROM users us
         WHERE us.id = p_user AND us.active
           AND (us.school_id IS NULL OR EXISTS (SELECT 1 FROM schools s WHERE s.id = us.school_id AND s.active));
        -- Until the scope below is set, the transaction sees nothing.
        PERFORM set_config('app.role', '', true), set_config('app.user_id', '', true), set_config('app.region_id', '', true),
                set_config('app.district_id', '', true), set_config('app.school_id', '', true);
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'INACTIVE'::text, NULL::uuid, NULL::text, NULL::text, NULL::uuid, NULL::uuid, NULL::uuid, NULL::boolean;
          RETURN;
        END IF;
        IF p_version IS DISTINCT FROM u.token_version THEN
          RETURN QUERY SELECT 'REVOKED'::text, NULL::uuid, NULL::text, NULL::text, NULL::uuid, NULL::uuid, NULL::uuid, NULL::boolean;
          RETURN;
        END IF;
        PERFORM set_config('app.role', u.role, true), set_config('app.user_id', u.id::text, true),
                set_config('app.region_id', coalesce(u.region_id::text, ''), true),
                set_config('app.district_id', coalesce(u.district_id::text, ''), true),
                set_config('app.school_id', coalesce(u.school_id::text, ''), true);
        RETURN QUERY SELECT 'OK'::text, u.id, u.email, u.role, u.region_id, u.district_id, u.school_id, u.must_change_password;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION app_authenticate(uuid, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION app_authenticate(uuid, integer) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS app_authenticate(uuid, integer)`);
    await q.query(`CREATE FUNCTION app_authenticate(p_user uuid)
      RETURNS TABLE (id uuid, email text, role text, region_id uuid, district_id uuid, school_id uuid)
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$ SELECT NULL::uuid, NULL::text, NULL::text, NULL::uuid, NULL::uuid, NULL::uuid WHERE false $$`);
  }
}
