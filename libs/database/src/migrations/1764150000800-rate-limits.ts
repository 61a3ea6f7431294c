import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../tenancy/rls-policy';

/**
 * Per-user rate limits of expensive operations (monitoring runs, exports, imports), kept in
 * Postgres so every API replica counts against the same budget. Platform bookkeeping, not tenant
 * data: no tenant columns and no RLS, like login_throttle. One row per (limit, user): the
 * generic cell rate algorithm needs only the moment the user's recent calls stop counting.
 */
export class RateLimits1764150000800 implements MigrationInterface {
  name = 'RateLimits1764150000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rate_limits (
      key varchar(100) NOT NULL,
      user_id uuid NOT NULL,
      busy_until timestamptz NOT NULL,
      PRIMARY KEY (key, user_id)
    )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rate_limits`);
  }
}
