/** A calendar quarter. */
export interface YearQuarter {
  readonly year: number;
  readonly quarter: number;
}

/** The quarter `at` falls in (UTC). */
export function quarterOf(at: Date): YearQuarter {
  return { year: at.getUTCFullYear(), quarter: Math.floor(at.getUTCMonth() / 3) + 1 };
}

/** The last quarter that has ended by `at` (UTC): on 1 April 2025 that is 2025 Q1. */
export function lastEndedQuarter(at: Date): YearQuarter {
  const { year, quarter } = quarterOf(at);
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
}

/** When the quarter after `period` begins (UTC): the moment `period` has ended. */
export function quarterEnd(period: YearQuarter): Date {
  return new Date(Date.UTC(period.year, period.quarter * 3, 1));
}
