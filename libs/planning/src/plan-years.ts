import { DomainValidationError, type TargetSchedule } from '@mm/domain';

/** Calendar years the platform keeps enrollment and schedules for (the tables check the same). */
export const PLAN_MIN_YEAR = 2000;
export const PLAN_MAX_YEAR = 2100;
/** The longest plan a user may ask for. */
export const MAX_PLAN_SPAN_YEARS = 50;

/** Throws a DomainValidationError naming `year`'s field unless it is an integer in 2000 … 2100. */
export function requirePlanYear(year: number, field: string): void {
  if (!Number.isSafeInteger(year) || year < PLAN_MIN_YEAR || year > PLAN_MAX_YEAR) {
    throw new DomainValidationError(field, `${field} must be a year from ${PLAN_MIN_YEAR} to ${PLAN_MAX_YEAR}, got ${String(year)}`);
  }
}

/** Checks a requested plan range: both years valid, toYear ≥ fromYear, at most MAX_PLAN_SPAN_YEARS years. */
export function requirePlanRange(fromYear: number, toYear: number): void {
  requirePlanYear(fromYear, 'fromYear');
  requirePlanYear(toYear, 'toYear');
  if (toYear < fromYear) throw new DomainValidationError('toYear', `toYear ${toYear} is before fromYear ${fromYear}`);
  const span = toYear - fromYear + 1;
  if (span > MAX_PLAN_SPAN_YEARS) {
    throw new DomainValidationError('toYear', `a plan spans at most ${MAX_PLAN_SPAN_YEARS} years, got ${span} (${fromYear}–${toYear})`);
  }
}

/**
 * The last year any of these schedules plans for, not before `fromYear` (an export "from a year
 * to the end of the schedule"); `fromYear` itself when no schedule reaches it.
 */
export function lastScheduledYear(schedules: readonly TargetSchedule[], fromYear: number): number {
  let last = fromYear;
  for (const schedule of schedules) for (const point of schedule.points) if (point.year > last) last = point.year;
  return last;
}
