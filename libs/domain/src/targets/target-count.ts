import { assertPercentBp, PERCENT_BP_MAX, type PercentBp } from './percent';
import { divideRoundHalfUp } from './rounding';
import { requireNonNegativeInteger } from './validation';

/**
 * The target count for a percent of a base: roundHalfUp(percentBp × base / 10 000),
 * computed on integers (29 % of 50 = 14.5 → 15).
 *
 * SQL mirror (bigint): `(2 * percent_bp * base + 10000) / 20000`.
 */
export function targetCount(percentBp: PercentBp, base: number): number {
  assertPercentBp(percentBp);
  requireNonNegativeInteger(base, 'base');
  // BigInt: percentBp × base can pass 2^53 for bases beyond ~9·10^11.
  return Number(divideRoundHalfUp(BigInt(percentBp) * BigInt(base), BigInt(PERCENT_BP_MAX)));
}
