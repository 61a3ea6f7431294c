import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../tenancy/rls-policy';

/**
 * Changing an account's role or place (issue 16). The runtime role may not write those columns
 * (NarrowWriteRights1764150001710), so one narrow function owned by the migration role writes them.
 * It does not leave the caller's scope: users is FORCE ROW LEVEL SECURITY, so its UPDATE passes the
 * users_tenant_update policy on the old row and on the new one (who may manage the account before
 * and after), and the table's check keeps role and scope consistent. Every token of the account is
 * revoked (the users_token_version trigger bumps token_version on a new role or place).
 */
export class AccountPlaceChange1764150002200 implements MigrationInterface {
  name = 'AccountPlaceChange1764150002200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION app_change_account_place(p_user uuid, p_role text, p_region uuid, p_district uuid, p_school uuid)
      RETURNS boolean
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        UPDATE users SET role = p_role, region_id = p_region, district_id = p_district, school_id = p_school, updated_at = now()
         WHERE id = p_user
        RETURNING true
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION app_change_account_place(uuid, text, uuid, uuid, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION app_change_account_place(uuid, text, uuid, uuid, uuid) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS app_change_account_place(uuid, text, uuid, uuid, uuid)`);
  }
}
