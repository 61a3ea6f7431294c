import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../tenancy/rls-policy';

/**
 * Narrow SECURITY DEFINER functions for the request path, so the API needs no SYSTEM transaction
 * on behalf of a user:
 * * `app_authenticate(user)` re-checks the token's user (active, school active) and sets the
 *   transaction's `app.*` scope from the user row, in the statement that follows BEGIN;
 * * `app_place_of(kind, id)` tells where a row is (its tenant keys, and the code and name of the
 *   school, district or region — a report's school), so a scope check can tell NOT_FOUND from FORBIDDEN for rows RLS hides;
 * * `app_user_names(ids)` gives the name, e-mail and role of accounts named by revisions the caller
 *   was allowed to read; `app_email_taken(email)` whether an e-mail is in use anywhere.
 * * `app_rate_limit_reserve` / `app_rate_limit_release` keep per-user budgets (rate_limits becomes
 *   SYSTEM-only: it holds user ids of every tenant).
 * Each is owned by the migration role, has a fixed search_path, and reads as SYSTEM only inside
 * itself (a function-level SET of app.role is restored when it returns).
 */
export class RequestPath1764150001500 implements MigrationInterface {
  name = 'RequestPath1764150001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION app_authenticate(p_user uuid)
      RETURNS TABLE (id uuid, email text, role text, region_id uuid, district_id uuid, school_id uuid)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE u record;
      BEGIN
        PERFORM set_config('app.role', 'SYSTEM', true);
        SELECT us.id, us.email::text AS email, us.role::text AS role, us.region_id, us.district_id, us.school_id INTO u
          FROM users us
         WHERE us.id = p_user AND us.active
           AND (us.school_id IS NULL OR EXISTS (SELECT 1 FROM schools s WHERE s.id = us.school_id AND s.active));
        IF NOT FOUND THEN
          -- No scope at all: every tenant policy then sees nothing.
          PERFORM set_config('app.role', '', true), set_config('app.user_id', '', true), set_config('app.region_id', '', true),
                  set_config('app.district_id', '', true), set_config('app.school_id', '', true);
          RETURN;
        END IF;
        PERFORM set_config('app.role', u.role, true), set_config('app.user_id', u.id::text, true),
                set_config('app.region_id', coalesce(u.region_id::text, ''), true),
                set_config('app.district_id', coalesce(u.district_id::text, ''), true),
                set_config('app.school_id', coalesce(u.school_id::text, ''), true);
        RETURN QUERY SELECT u.id, u.email, u.role, u.region_id, u.district_id, u.school_id;
      END $$`);

    await q.query(`CREATE FUNCTION app_place_of(p_kind text, p_id uuid)
      RETURNS TABLE (region_id uuid, district_id uuid, school_id uuid, code text, name text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public SET app.role = 'SYSTEM' AS $$
        SELECT id, NULL::uuid, NULL::uuid, code::text, name::text FROM regions WHERE p_kind = 'region' AND id = p_id
        UNION ALL SELECT region_id, id, NULL, code::text, name::text FROM districts WHERE p_kind = 'district' AND id = p_id
        UNION ALL SELECT region_id, district_id, id, code::text, name::text FROM schools WHERE p_kind = 'school' AND id = p_id
        UNION ALL SELECT r.region_id, r.district_id, r.school_id, s.code::text, s.name::text
                    FROM quarterly_reports r JOIN schools s ON s.id = r.school_id WHERE p_kind = 'quarterly_report' AND r.id = p_id
        UNION ALL SELECT region_id, district_id, NULL, NULL, NULL FROM stat_exports WHERE p_kind = 'stat_export' AND id = p_id
        UNION ALL SELECT region_id, district_id, NULL, NULL, NULL FROM roadmap_stages WHERE p_kind = 'roadmap_stage' AND id = p_id
        UNION ALL SELECT region_id, district_id, school_id, role::text, NULL FROM users WHERE p_kind = 'user' AND id = p_id
      $$`);

    await q.query(`CREATE FUNCTION app_user_names(p_ids uuid[])
      RETURNS TABLE (id uuid, email text, display_name text, role text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public SET app.role = 'SYSTEM' AS $$
        SELECT id, email::text, display_name::text, role::text FROM users WHERE id = ANY(p_ids)
      $$`);

    await q.query(`CREATE FUNCTION app_email_taken(p_email text) RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public SET app.role = 'SYSTEM' AS $$
        SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(p_email))
      $$`);

    // Rate limits: the generic cell rate algorithm of RateLimiter, one statement, for the user of
    // the transaction's scope. Returns the wait in seconds (≤ 0: allowed and charged).
    await q.query(`CREATE FUNCTION app_rate_limit_reserve(p_key text, p_emission_ms double precision, p_window_s double precision)
      RETURNS double precision
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET app.role = 'SYSTEM' AS $$
      DECLARE
        v_user uuid := NULLIF(current_setting('app.user_id', true), '')::uuid;
        v_wait double precision;
      BEGIN
        IF v_user IS NULL THEN RAISE EXCEPTION 'rate limit without a user' USING ERRCODE = '42501'; END IF;
        INSERT INTO rate_limits (key, user_id, busy_until) VALUES (p_key, v_user, now())
          ON CONFLICT (key, user_id) DO NOTHING;
        SELECT extract(epoch FROM greatest(busy_until, now()) + make_interval(secs => p_emission_ms / 1000)
                                 - (now() + make_interval(secs => p_window_s)))::float8
          INTO v_wait FROM rate_limits WHERE key = p_key AND user_id = v_user FOR UPDATE;
        IF v_wait > 0 THEN RETURN v_wait; END IF;
        UPDATE rate_limits SET busy_until = greatest(busy_until, now()) + make_interval(secs => p_emission_ms / 1000)
         WHERE key = p_key AND user_id = v_user;
        RETURN v_wait;
      END $$`);

    for (const fn of [
      'app_authenticate(uuid)',
      'app_place_of(text, uuid)',
      'app_user_names(uuid[])',
      'app_email_taken(text)',
      'app_rate_limit_reserve(text, double precision, double precision)',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_ROLE}`);
    }

    // rate_limits: only the functions above (and SYSTEM bookkeeping) touch it.
    await q.query(`ALTER TABLE rate_limits ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE rate_limits FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY rate_limits_system ON rate_limits FOR ALL USING (app_role() = 'SYSTEM') WITH CHECK (app_role() = 'SYSTEM')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY IF EXISTS rate_limits_system ON rate_limits`);
    await q.query(`ALTER TABLE rate_limits NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE rate_limits DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION IF EXISTS app_rate_limit_reserve(text, double precision, double precision)`);
    await q.query(`DROP FUNCTION IF EXISTS app_email_taken(text)`);
    await q.query(`DROP FUNCTION IF EXISTS app_user_names(uuid[])`);
    await q.query(`DROP FUNCTION IF EXISTS app_place_of(text, uuid)`);
    await q.query(`DROP FUNCTION IF EXISTS app_authenticate(uuid)`);
  }
}
