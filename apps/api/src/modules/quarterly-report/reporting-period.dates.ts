// Dates of a reporting period. Deadlines are calendar days (a day is "passed" once it is over
// in REPORTING_TIME_ZONE); the default deadline when a region set none is the 10th day of the
// month after the quarter ends (Q1 → 10 April, …, Q4 → 10 January of the next year).

/** Federal reporting runs on Moscow time; one zone for every region keeps "late" comparable. */
export const REPORTING_TIME_ZONE = 'Europe/Moscow';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function defaultDeadline(year: number, quarter: number): string {
  const month = quarter * 3 + 1;
  return month > 12 ? `${pad(year + 1, 4)}-01-10` : `${pad(year, 4)}-${pad(month)}-10`;
}

/** The quarter's last day: figures are stated as of this date. */
export function quarterLastDay(year: number, quarter: number): string {
  const month = quarter * 3;
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Whether `value` is a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether the deadline day is over on `today` (both YYYY-MM-DD; the deadline day itself is on time). */
export function deadlinePassed(deadline: string, today: string): boolean {
  return today > deadline;
}
