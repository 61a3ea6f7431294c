import { currentTransaction, TenantDatabase } from '@mm/database';

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

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-user budgets counted in Postgres, so every API replica shares them. The generic cell rate
 * algorithm keeps one timestamp per (key, user): each allowed call pushes `busy_until` on by
 * window/limit; a call is allowed while that stays within one window from now. So a user gets
 * `limit` calls at once and then one every window/limit seconds, with no doubled burst at a
 * window's edge.
 *
 * The charge is made in the operation's own transaction (`app_rate_limit_reserve`, a narrow
 * SECURITY DEFINER function: rate_limits is SYSTEM-only), so a call that fails — refused for its
 * input, its scope or the limit itself — rolls its charge back with everything else it did.
 */
export class RateLimiter {
  constructor(private readonly db: TenantDatabase) {}

  async reserve(policy: RateLimitPolicy, userId: string): Promise<RateLimitDecision> {
    const params = [policy.key, (policy.windowSeconds * 1000) / policy.limit, policy.windowSeconds];
    const sql = `SELECT app_rate_limit_reserve($1, $2, $3) AS wait`;
    const current = currentTransaction();
    const rows =
      current && current.tx.scope.userId === userId
        ? await current.tx.query<{ wait: number }>(sql, params)
        : // Outside an operation (a test, a charge that must stay even when the call fails): its own transaction.
          await this.db.transaction({ role: 'SYSTEM', userId, regionId: null, districtId: null, schoolId: null }, (tx) =>
            tx.query<{ wait: number }>(sql, params),
          );
    const wait = Number(rows[0]!.wait);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) } : { allowed: true };
  }
}
