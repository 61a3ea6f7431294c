import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { RateLimitPolicy } from './rate-limiter';
import { RATE_LIMIT, RateLimitInterceptor } from './rate-limit.interceptor';

/**
 * A per-user budget on an expensive operation, counted in Postgres (shared by API replicas):
 * `limit` calls at once, then one every windowSeconds/limit seconds. Failed calls are not charged.
 */
export const RateLimit = (policy: RateLimitPolicy) => {
  if (!Number.isInteger(policy.limit) || policy.limit < 1 || !(policy.windowSeconds > 0)) {
    throw new Error(`Invalid rate limit ${JSON.stringify(policy)}`);
  }
  return applyDecorators(SetMetadata(RATE_LIMIT, policy), UseInterceptors(RateLimitInterceptor));
};
