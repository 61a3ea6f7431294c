import { DomainValidationError } from '../targets/validation';

/**
 * Percent of the year's target a school is expected to have reached by the end of each
 * quarter (reports are year to date). Values are percents with at most two decimals.
 */
export type ExpectedProgress = Readonly<Record<1 | 2 | 3 | 4, number>>;

export const DEFAULT_EXPECTED_PROGRESS: ExpectedProgress = Object.freeze({ 1: 25, 2: 50, 3: 75, 4: 100 });

/** The expected progress percent for `quarter` (1–4) from `expectedProgress` (default 25/50/75/100). */
export function expectedProgressFor(quarter: number, expectedProgress: ExpectedProgress = DEFAULT_EXPECTED_PROGRESS): number {
  if (quarter !== 1 && quarter !== 2 && quarter !== 3 && quarter !== 4) {
    throw new DomainValidationError('quarter', `quarter must be 1, 2, 3 or 4, got ${String(quarter)}`);
  }
  return expectedProgress[quarter];
}
