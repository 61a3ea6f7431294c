import { parsePercent, type PercentBp } from './percent';
import type { TargetIndicator } from './target-indicator';
import { DomainValidationError, requireInteger } from './validation';

export interface TargetSchedulePoint {
  readonly year: number;
  readonly percentBp: PercentBp;
}

/** The yearly percents of one indicator (data, not code: per region, overridable per district). */
export interface TargetSchedule {
  readonly indicator: TargetIndicator;
  readonly points: readonly TargetSchedulePoint[];
}

/**
 * The percent planned for `year`, or null when the schedule has no point for it.
 * No interpolation: a year left out of the schedule has no target.
 */
export function percentFor(schedule: TargetSchedule, year: number): PercentBp | null {
  const matches = schedule.points.filter((point) => point.year === year);
  if (matches.length > 1) {
    throw new DomainValidationError('points', `${schedule.indicator} schedule has ${matches.length} points for year ${year}`);
  }
  return matches.length === 1 ? matches[0].percentBp : null;
}

/**
 * Builds a schedule from user input ({ year, percent } with percent as typed, e.g. 29.5):
 * validates every point, refuses duplicate years and sorts by year.
 */
export function createTargetSchedule(
  indicator: TargetIndicator,
  points: readonly { readonly year: number; readonly percent: number }[],
): TargetSchedule {
  const seen = new Set<number>();
  const parsed = points.map(({ year, percent }, i) => {
    requireInteger(year, `points[${i}].year`);
    if (seen.has(year)) throw new DomainValidationError(`points[${i}].year`, `year ${year} appears twice`);
    seen.add(year);
    return { year, percentBp: parsePercent(percent, `points[${i}].percent`) };
  });
  return { indicator, points: parsed.sort((a, b) => a.year - b.year) };
}

function frozenSchedule(indicator: TargetIndicator, percents: Record<number, number>): TargetSchedule {
  const points = Object.entries(percents).map(([year, percent]) => Object.freeze({ year: Number(year), percentBp: parsePercent(percent) }));
  return Object.freeze({ indicator, points: Object.freeze(points) });
}

/**
 * The seeded default (the regional project «Современная школа», 2020–2024):
 * mentees 10/25/40/55/70 % of students, student mentors 2/4/6/8/10 % of the mentor base.
 */
export const DEFAULT_SCHEDULES: Readonly<Record<TargetIndicator, TargetSchedule>> = Object.freeze({
  MENTEE_COVERAGE: frozenSchedule('MENTEE_COVERAGE', { 2020: 10, 2021: 25, 2022: 40, 2023: 55, 2024: 70 }),
  STUDENT_MENTORS: frozenSchedule('STUDENT_MENTORS', { 2020: 2, 2021: 4, 2022: 6, 2023: 8, 2024: 10 }),
});
