import { Injectable } from '@nestjs/common';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';

/** Failed logins allowed per window before the key is locked for the rest of the window. */
export const LOGIN_LIMITS = { perEmail: 5, perAddress: 30, windowSeconds: 15 * 60 };

/** Guessing protection kept in Postgres so every API replica shares it. */
@Injectable()
export class LoginThrottle {
  constructor(private readonly db: TenantDatabase) {}

  /** Seconds until the keys may try again, or 0. */
  async retryAfter(keys: string[]): Promise<number> {
    const rows = await this.db.transaction(SYSTEM_SCOPE, (tx) =>
      tx.query<{ seconds: number }>(
        `SELECT COALESCE(max(ceil(extract(epoch FROM locked_until - now()))), 0)::int AS seconds
           FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
        [keys],
      ),
    );
    return rows[0]?.seconds ?? 0;
  }

  async recordFailure(emailKey: string, addressKey: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, async (tx) => {
      for (const [key, limit] of [[emailKey, LOGIN_LIMITS.perEmail], [addressKey, LOGIN_LIMITS.perAddress]] as const) {
        await tx.query(
          `INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END,
             window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN now() ELSE t.window_started_at END,
             locked_until = CASE
               WHEN t.window_started_at >= now() - make_interval(secs => $3) AND t.failures + 1 >= $2
               THEN now() + make_interval(secs => $3) ELSE t.locked_until END`,
          [key, limit, LOGIN_LIMITS.windowSeconds],
        );
      }
    });
  }

  async reset(emailKey: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, (tx) => tx.query(`DELETE FROM login_throttle WHERE key = $1`, [emailKey]));
  }
}
