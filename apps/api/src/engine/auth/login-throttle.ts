import { Injectable } from '@nestjs/common';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';

/** Failed logins allowed per window before the key is locked for the rest of the window. */
export const LOGIN_LIMITS = { perEmail: 5, perAddress: 30, windowSeconds: 15 * 60 };

export type LoginReservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Guessing protection kept in Postgres so every API replica shares it. An attempt is charged
 * BEFORE the password is checked, under row locks, so concurrent guesses cannot all pass a check
 * made before any of them failed: at most `limit` attempts per key and window reach the hasher.
 * A successful login gives its charges back (the e-mail's are cleared).
 */
@Injectable()
export class LoginThrottle {
  constructor(private readonly db: TenantDatabase) {}

  async reserve(emailKey: string, addressKey: string): Promise<LoginReservation> {
    const limits = new Map([
      [emailKey, LOGIN_LIMITS.perEmail],
      [addressKey, LOGIN_LIMITS.perAddress],
    ]);
    const keys = [...limits.keys()].sort();
    return this.db.transaction(SYSTEM_SCOPE, async (tx) => {
      await tx.query(`INSERT INTO login_throttle (key) SELECT unnest($1::varchar[]) ORDER BY 1 ON CONFLICT (key) DO NOTHING`, [keys]);
      // Locked in key order: two logins sharing a key wait for each other instead of both passing.
      const rows = await tx.query<{ key: string; failures: number; expired: boolean; lockedFor: number }>(
        `SELECT key, failures,
                window_started_at < now() - make_interval(secs => $2) AND (locked_until IS NULL OR locked_until <= now()) AS expired,
                COALESCE(ceil(extract(epoch FROM locked_until - now())), 0)::int AS "lockedFor"
           FROM login_throttle WHERE key = ANY($1::varchar[]) ORDER BY key FOR UPDATE`,
        [keys, LOGIN_LIMITS.windowSeconds],
      );
      let wait = 0;
      for (const row of rows) {
        const used = row.expired ? 0 : row.failures;
        if (row.lockedFor > 0) wait = Math.max(wait, row.lockedFor);
        else if (used >= limits.get(row.key)!) wait = Math.max(wait, 1);
      }
      if (wait > 0) return { allowed: false, retryAfterSeconds: wait };
      for (const row of rows) {
        await tx.query(
          `UPDATE login_throttle SET
             failures = CASE WHEN $2 THEN 1 ELSE failures + 1 END,
             window_started_at = CASE WHEN $2 THEN now() ELSE window_started_at END,
             locked_until = CASE WHEN (CASE WHEN $2 THEN 1 ELSE failures + 1 END) >= $3 THEN now() + make_interval(secs => $4) ELSE NULL END
           WHERE key = $1`,
          [row.key, row.expired, limits.get(row.key)!, LOGIN_LIMITS.windowSeconds],
        );
      }
      return { allowed: true };
    });
  }

  /** The password was right: the e-mail starts afresh and the address gets its charge back. */
  async succeeded(emailKey: string, addressKey: string): Promise<void> {
    await this.db.transaction(SYSTEM_SCOPE, async (tx) => {
      await tx.query(`DELETE FROM login_throttle WHERE key = $1`, [emailKey]);
      await tx.query(`UPDATE login_throttle SET failures = greatest(failures - 1, 0), locked_until = NULL WHERE key = $1`, [addressKey]);
    });
  }
}
