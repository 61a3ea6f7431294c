import type { TargetIndicator } from './target-indicator';
import { DomainValidationError, requireNonNegativeInteger } from './validation';

/** A school's enrollment (контингент) recorded for a year. */
export interface EnrollmentRecord {
  readonly year: number;
  readonly students: number;
  /** Students eligible to mentor (usually the older grades); null when not kept. */
  readonly mentorBase: number | null;
}

/**
 * The enrollment that applies to `year`: the record of that year, else the most recent
 * earlier one (a plan made in 2020 carries 2020's enrollment forward), else null.
 * Records may come in any order; two records of the chosen year are refused as ambiguous.
 */
export function resolveEnrollment(enrollments: readonly EnrollmentRecord[], year: number): EnrollmentRecord | null {
  let best: EnrollmentRecord | null = null;
  let bestIsDuplicated = false;
  for (const record of enrollments) {
    if (record.year > year) continue;
    if (best === null || record.year > best.year) {
      best = record;
      bestIsDuplicated = false;
    } else if (record.year === best.year) {
      bestIsDuplicated = true;
    }
  }
  if (best !== null) {
    if (bestIsDuplicated) throw new DomainValidationError('enrollments', `two enrollment records for year ${best.year}`);
    requireNonNegativeInteger(best.students, 'students');
    if (best.mentorBase !== null) requireNonNegativeInteger(best.mentorBase, 'mentorBase');
  }
  return best;
}

/** The mentor base of a record; a school that keeps none uses its students. */
export function effectiveMentorBase(record: EnrollmentRecord): number {
  return record.mentorBase ?? record.students;
}

/**
 * The base a target of `indicator` is computed from for `year` (null when no enrollment
 * is recorded for that year or before). The whole record is carried forward, so a later
 * record without a mentor base falls back to its own students, not an older mentor base.
 */
export function resolveBase(enrollments: readonly EnrollmentRecord[], year: number, indicator: TargetIndicator): number | null {
  const record = resolveEnrollment(enrollments, year);
  if (record === null) return null;
  return indicator === 'MENTEE_COVERAGE' ? record.students : effectiveMentorBase(record);
}
