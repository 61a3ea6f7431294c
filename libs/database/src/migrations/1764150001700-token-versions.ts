import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocable tokens and passwords chosen by someone else. `token_version` is signed into every
 * access token and compared on each request; the database bumps it whenever something a token
 * stands for changes — the password (change, admin reset, import), the role or scope, and
 * deactivation — so no code path can forget to; logout bumps it explicitly.
 * `must_change_password` marks a password set by an admin, a coordinator or an import: until the
 * user chooses their own, only changing it (and reading `me`, logging out) is allowed.
 */
export class TokenVersions1764150001700 implements MigrationInterface {
  name = 'TokenVersions1764150001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE FUNCTION users_bump_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.password_hash IS DISTINCT FROM OLD.password_hash
           OR NEW.role IS DISTINCT FROM OLD.role
           OR NEW.region_id IS DISTINCT FROM OLD.region_id
           OR NEW.district_id IS DISTINCT FROM OLD.district_id
           OR NEW.school_id IS DISTINCT FROM OLD.school_id
           OR (OLD.active AND NOT NEW.active) THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        -- Never backwards: an old token must not become valid again.
        IF NEW.token_version < OLD.token_version THEN
          NEW.token_version := OLD.token_version;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER users_token_version BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_bump_token_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS users_token_version ON users`);
    await q.query(`DROP FUNCTION IF EXISTS users_bump_token_version()`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS must_change_password, DROP COLUMN IF EXISTS token_version`);
  }
}
