import { SYSTEM_SCOPE, TenantDatabase, TenantTransaction } from '@mm/database';

export interface RateLimitPolicy {
  /** Names the budget; operations that share a key share the budget. */
  key: string;
  /** Calls allowed in a burst, and per `windowSeconds` on average. */
  limit: number;
  windowSeconds: number;
  /**
   * Keep the charge when the call fails for its input (imports: an unreadable or invalid file
   * costs the parsing all the same, so failures must not be free to repeat). A call refused for
   * its target (FORBIDDEN, NOT_FOUND: checked before any work) is still given back.
   */
  chargeFailures?: boolean;
}

/** A call charged to a budget; giving it back restores the budget exactly as it was. */
export interface RateLimitReservation {
  key: string;
  userId: string;
  /** The budget's `busy_until` before this call (text: microseconds intact), null when the row is new. */
  previous: string | null;
  current: string;
}

export type RateLimitDecision =
  | { allowed: true; reservation: RateLimitReservation }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Per-user budgets counted in Postgres, so every API replica shares them. The generic cell rate
 * algorithm keeps one timestamp per (key, user): each allowed call pushes `busy_until` on by
 * window/limit; a call is allowed while that stays within one window from now. So a user gets
 * `limit` calls at once and then one every window/limit seconds, with no doubled burst at a
 * window's edge. Refused calls cost nothing, and a call that fails gives its charge back.
 */
export class RateLimiter {
  constructor(private readonly db: TenantDatabase) {}

  async reserve(policy: RateLimitPolicy, userId: string): Promise<RateLimitDecision> {
    const step = [(policy.windowSeconds * 1000) / policy.limit, policy.windowSeconds];
    // Bookkeeping of the platform, not tenant data: the SYSTEM scope, like login throttling.
    return this.db.transaction(SYSTEM_SCOPE, async (tx) => {
      // The row lock serialises one user's concurrent calls, so `previous` is exact.
      let locked = await this.lock(tx, policy.key, userId, step);
      if (!locked) {
        const [inserted] = await tx.query<{ current: string }>(
          `INSERT INTO rate_limits (key, user_id, busy_until) VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
           ON CONFLICT (key, user_id) DO NOTHING RETURNING busy_until::text AS current`,
          [policy.key, userId, step[0]],
        );
        if (inserted) return { allowed: true, reservation: { key: policy.key, userId, previous: null, current: inserted.current } };
        // A simultaneous first call inserted it (and has committed): take its row.
        locked = (await this.lock(tx, policy.key, userId, step))!;
      }
      if (locked.waitSeconds > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(locked.waitSeconds)) };
      const [updated] = await tx.query<{ current: string }>(
        `UPDATE rate_limits SET busy_until = greatest(busy_until, now()) + make_interval(secs => $3::double precision / 1000)
          WHERE key = $1 AND user_id = $2 RETURNING busy_until::text AS current`,
        [policy.key, userId, step[0]],
      );
      return { allowed: true, reservation: { key: policy.key, userId, previous: locked.previous, current: updated!.current } };
    });
  }

  /**
   * Gives a failed call's charge back, restoring the exact previous value, unless another call
   * was charged since (then the budget stays a little fuller rather than being miscounted).
   */
  async release(reservation: RateLimitReservation): Promise<void> {
    const { key, userId, previous, current } = reservation;
    await this.db.transaction(SYSTEM_SCOPE, (tx) =>
      previous === null
        ? tx.query(`DELETE FROM rate_limits WHERE key = $1 AND user_id = $2 AND busy_until = $3::timestamptz`, [key, userId, current])
        : tx.query(`UPDATE rate_limits SET busy_until = $4::timestamptz WHERE key = $1 AND user_id = $2 AND busy_until = $3::timestamptz`, [
            key, userId, current, previous,
          ]),
    );
  }

  /** The budget's row, locked, with the seconds until one more call fits (≤ 0: it fits now). */
  private async lock(tx: TenantTransaction, key: string, userId: string, [emissionMs, windowSeconds]: number[]) {
    const [row] = await tx.query<{ previous: string; waitSeconds: number }>(
      `SELECT busy_until::text AS previous,
              extract(epoch FROM greatest(busy_until, now()) + make_interval(secs => $3::double precision / 1000)
                                 - (now() + make_interval(secs => $4)))::float8 AS "waitSeconds"
         FROM rate_limits WHERE key = $1 AND user_id = $2 FOR UPDATE`,
      [key, userId, emissionMs, windowSeconds],
    );
    return row;
  }
}
