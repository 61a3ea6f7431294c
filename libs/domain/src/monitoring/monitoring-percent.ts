import { divideRoundHalfUp } from '../targets/rounding';
import { requireNonNegativeInteger } from '../targets/validation';

/**
 * Coverage: student mentees (year to date, unique) as a percent of the school's students,
 * rounded half up to one decimal (1 of 3 → 33.3). Null without students or mentees.
 */
export function coveragePercent(mentees: number | null, students: number | null): number | null {
  return percentOneDecimal(mentees, students, 'mentees', 'students');
}

/**
 * Progress: mentees as a percent of the year's mentee target, rounded half up to one
 * decimal; may exceed 100. Null without a target (or a target of 0) or without mentees.
 */
export function progressPercent(mentees: number | null, target: number | null): number | null {
  return percentOneDecimal(mentees, target, 'mentees', 'menteeTarget');
}

/**
 * roundHalfUp(1000·part / whole) tenths of a percent, on integers.
 * SQL mirror (bigint): `((2000 * part + whole) / (2 * whole))::numeric / 10`, NULL when
 * `whole` is 0 or NULL (`NULLIF(whole, 0)`).
 */
function percentOneDecimal(part: number | null, whole: number | null, partField: string, wholeField: string): number | null {
  if (part === null || whole === null || whole === 0) return null;
  requireNonNegativeInteger(part, partField);
  requireNonNegativeInteger(whole, wholeField);
  const tenths = divideRoundHalfUp(1000n * BigInt(part), BigInt(whole));
  // Correctly rounded division: the double nearest to the one-decimal value, so it prints as it.
  return Number(tenths) / 10;
}
