/**
 * roundHalfUp(numerator / denominator) for numerator ≥ 0 and denominator > 0, exactly.
 *
 * floor((2·n + d) / (2·d)) = floor(n/d + 1/2), so one integer division does it.
 * SQL mirror on bigint operands: `(2 * n + d) / (2 * d)` (integer division truncates,
 * which is floor for non-negative values).
 */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError(`divideRoundHalfUp needs numerator ≥ 0 and denominator > 0, got ${numerator}/${denominator}`);
  }
  return (2n * numerator + denominator) / (2n * denominator);
}
