// School years and calendar dates of the roadmap. A school year N (e.g. 2025, meaning 2025/2026)
// runs from 1 September N to 31 August N+1. Dates are calendar days written YYYY-MM-DD: a
// deadline is a day, not an instant, so no time zone enters the comparisons here (the clock
// that says which day it is today decides the zone).
import { DomainValidationError } from '../targets/validation';

/** The school years a roadmap may be published for (the database allows 2000–2100). */
export const MIN_SCHOOL_YEAR = 2000;
export const MAX_SCHOOL_YEAR = 2099;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Whether `value` is a real calendar date written YYYY-MM-DD (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Throws DomainValidationError naming `field` unless `value` is a calendar date. */
export function requireCalendarDate(value: string, field: string): void {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new DomainValidationError(field, `${field} must be a date written as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

export function calendarDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export interface SchoolYearBounds {
  /** 1 September of the school year's first calendar year. */
  readonly start: string;
  /** 31 August of the next calendar year. */
  readonly end: string;
}

export function requireSchoolYear(schoolYear: number, field = 'schoolYear'): void {
  if (!Number.isSafeInteger(schoolYear) || schoolYear < MIN_SCHOOL_YEAR || schoolYear > MAX_SCHOOL_YEAR) {
    throw new DomainValidationError(
      field,
      `${field} must be an integer from ${MIN_SCHOOL_YEAR} to ${MAX_SCHOOL_YEAR}, got ${String(schoolYear)}`,
    );
  }
}

export function schoolYearBounds(schoolYear: number): SchoolYearBounds {
  requireSchoolYear(schoolYear);
  return { start: calendarDate(schoolYear, 9, 1), end: calendarDate(schoolYear + 1, 8, 31) };
}

/** The school year a date belongs to: September–December of N and January–August of N+1 are N. */
export function schoolYearOf(date: string): number {
  requireCalendarDate(date, 'date');
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 9 ? year : year - 1;
}

/** Whether a date falls within the school year, both ends included. */
export function isWithinSchoolYear(date: string, schoolYear: number): boolean {
  const { start, end } = schoolYearBounds(schoolYear);
  return isCalendarDate(date) && date >= start && date <= end;
}

/** "2025/2026", as school years are written in Russian documents. */
export function schoolYearLabel(schoolYear: number): string {
  return `${schoolYear}/${schoolYear + 1}`;
}
