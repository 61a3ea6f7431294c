import { effectiveMentorBase, resolveEnrollment, type EnrollmentRecord } from './enrollment';
import type { PercentBp } from './percent';
import { targetCount } from './target-count';
import type { TargetIndicator } from './target-indicator';
import { percentFor, type TargetSchedule } from './target-schedule';
import { DomainValidationError, requireInteger } from './validation';

/** A guard against a runaway year range from a caller; real plans span a handful of years. */
export const MAX_PLAN_YEARS = 100;

export interface TargetPlanSchool {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** One school and year. Bases are the carried-forward enrollment; null when there is none. */
export interface TargetPlanCell {
  year: number;
  students: number | null;
  /** The effective mentor base: the school's students when it keeps no mentor base. */
  mentorBase: number | null;
  /** Null when the year has no percent in the schedule or the school has no base. */
  menteeTarget: number | null;
  mentorTarget: number | null;
}

export interface TargetPlanRow {
  school: TargetPlanSchool;
  cells: TargetPlanCell[];
}

/**
 * The district total (ИТОГО) of a year. Bases are the sums over schools that have one
 * (null when none has); targets are computed from those total bases, which is what a
 * district order uses. The sums of the rounded school targets sit beside them because
 * they can differ by a few units.
 */
export interface TargetPlanTotal extends TargetPlanCell {
  sumOfSchoolMenteeTargets: number | null;
  sumOfSchoolMentorTargets: number | null;
}

export interface TargetPlan {
  rows: TargetPlanRow[];
  totals: TargetPlanTotal[];
}

export interface TargetPlanInput {
  readonly schools: readonly TargetPlanSchool[];
  /** Enrollment records by school id; a school missing here has no base in any year. */
  readonly enrollments: ReadonlyMap<string, readonly EnrollmentRecord[]>;
  readonly menteeSchedule: TargetSchedule;
  readonly mentorSchedule: TargetSchedule;
  readonly fromYear: number;
  readonly toYear: number;
}

/** The district target plan: a row per school (in input order), a cell per year, and totals. */
export function buildTargetPlan(input: TargetPlanInput): TargetPlan {
  const { schools, enrollments, menteeSchedule, mentorSchedule } = input;
  requireIndicator(menteeSchedule, 'MENTEE_COVERAGE', 'menteeSchedule');
  requireIndicator(mentorSchedule, 'STUDENT_MENTORS', 'mentorSchedule');

  const years = planYears(input.fromYear, input.toYear).map((year) => ({
    year,
    menteeBp: percentFor(menteeSchedule, year),
    mentorBp: percentFor(mentorSchedule, year),
  }));

  const rows = schools.map((school) => {
    const records = enrollments.get(school.id) ?? [];
    const cells = years.map(({ year, menteeBp, mentorBp }) => {
      const record = resolveEnrollment(records, year);
      const students = record?.students ?? null;
      const mentorBase = record ? effectiveMentorBase(record) : null;
      return {
        year,
        students,
        mentorBase,
        menteeTarget: targetOrNull(menteeBp, students),
        mentorTarget: targetOrNull(mentorBp, mentorBase),
      };
    });
    return { school, cells };
  });

  const totals = years.map(({ year, menteeBp, mentorBp }, i) => {
    const cells = rows.map((row) => row.cells[i]);
    const students = sumOrNull(cells.map((cell) => cell.students));
    const mentorBase = sumOrNull(cells.map((cell) => cell.mentorBase));
    const menteeTarget = targetOrNull(menteeBp, students);
    const mentorTarget = targetOrNull(mentorBp, mentorBase);
    return {
      year,
      students,
      mentorBase,
      menteeTarget,
      mentorTarget,
      // Null exactly when the total target is null: a school has a target iff it has a base.
      sumOfSchoolMenteeTargets: menteeTarget === null ? null : sumOrNull(cells.map((cell) => cell.menteeTarget)),
      sumOfSchoolMentorTargets: mentorTarget === null ? null : sumOrNull(cells.map((cell) => cell.mentorTarget)),
    };
  });

  return { rows, totals };
}

function requireIndicator(schedule: TargetSchedule, indicator: TargetIndicator, field: string): void {
  if (schedule.indicator !== indicator) {
    throw new DomainValidationError(field, `${field} must be a ${indicator} schedule, got ${schedule.indicator}`);
  }
}

function planYears(fromYear: number, toYear: number): number[] {
  requireInteger(fromYear, 'fromYear');
  requireInteger(toYear, 'toYear');
  if (toYear < fromYear) throw new DomainValidationError('toYear', `toYear ${toYear} is before fromYear ${fromYear}`);
  const count = toYear - fromYear + 1;
  if (count > MAX_PLAN_YEARS) {
    throw new DomainValidationError('toYear', `a plan spans at most ${MAX_PLAN_YEARS} years, got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => fromYear + i);
}

function targetOrNull(percentBp: PercentBp | null, base: number | null): number | null {
  return percentBp === null || base === null ? null : targetCount(percentBp, base);
}

/** Σ of the non-null values; null when all are null (or there are none). */
function sumOrNull(values: readonly (number | null)[]): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null) sum = (sum ?? 0) + value;
  return sum;
}
