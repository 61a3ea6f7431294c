import { DomainValidationError } from './validation';

/**
 * A percentage in basis points: integer hundredths of a percent (29.5 % → 2950).
 * Kept as an integer so target arithmetic never touches binary floating point.
 */
export type PercentBp = number;

/** 100 % in basis points. */
export const PERCENT_BP_MAX = 10_000;

// The forms String() produces for a finite non-negative number: 12, 12.34, 1e-7, 1.5e+21.
const DECIMAL_FORM = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * Converts a user-facing percent (0 … 100, at most two decimals) to basis points.
 *
 * The decision is made on the shortest decimal string of the number (`String(value)`),
 * which is the decimal the user typed: 0.29 → 29 bp although 0.29 * 100 is
 * 28.999999999999996, while 0.1 + 0.2 (0.30000000000000004) and 12.345 are refused.
 */
export function parsePercent(value: number, field = 'percent'): PercentBp {
  const refuse = () =>
    new DomainValidationError(field, `${field} must be a number from 0 to 100 with at most two decimals, got ${String(value)}`);
  // Comparing doubles with 0 and 100 is exact; only the decimals need the string.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) throw refuse();

  const match = DECIMAL_FORM.exec(String(value)); // String(-0) is "0"
  if (!match) throw refuse();
  const [, whole, fraction = '', exponent = '0'] = match;

  // value = digits × 10^scale exactly; trailing zeros only move the scale.
  const allDigits = whole + fraction;
  const digits = allDigits.replace(/0+$/, '');
  if (digits === '') return 0;
  const scale = Number(exponent) - fraction.length + (allDigits.length - digits.length);

  const bpScale = scale + 2; // basis points are 10^-2 percent
  if (bpScale < 0) throw refuse();
  return Number(BigInt(digits) * 10n ** BigInt(bpScale));
}

/**
 * Basis points back to a JS number (2950 → 29.5). Division is correctly rounded, so the
 * result is the same double as the decimal literal and prints as it.
 */
export function formatPercent(bp: PercentBp): number {
  assertPercentBp(bp);
  return bp / 100;
}

/** Throws unless `bp` is an integer from 0 to 10 000 (0 % … 100 %). */
export function assertPercentBp(bp: number, field = 'percentBp'): asserts bp is PercentBp {
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > PERCENT_BP_MAX) {
    throw new DomainValidationError(field, `${field} must be an integer from 0 to ${PERCENT_BP_MAX}, got ${String(bp)}`);
  }
}
