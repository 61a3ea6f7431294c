import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export interface Period {
  year: number;
  quarter: number;
}

/** The calendar quarter a date falls in. */
export function quarterOf(date: Date): Period {
  return { year: date.getFullYear(), quarter: Math.floor(date.getMonth() / 3) + 1 };
}

export const FIRST_YEAR = 2020;

/** Years a user can pick: from the start of the target model to next year. */
export function selectableYears(now = new Date()): number[] {
  const years: number[] = [];
  for (let y = now.getFullYear() + 1; y >= FIRST_YEAR; y--) years.push(y);
  return years;
}

function parseIntIn(value: string | null, min: number, max: number): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/**
 * The period a page shows, kept in the address (?year=&quarter=) so it survives a reload, can be
 * shared, and follows the user between pages. Defaults to the current quarter.
 */
export function usePeriod(): [Period, (next: Period) => void] {
  const [params, setParams] = useSearchParams();
  const fallback = quarterOf(new Date());
  const period: Period = {
    year: parseIntIn(params.get('year'), 2000, 2100) ?? fallback.year,
    quarter: parseIntIn(params.get('quarter'), 1, 4) ?? fallback.quarter,
  };
  const set = useCallback(
    (next: Period) => {
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          updated.set('year', String(next.year));
          updated.set('quarter', String(next.quarter));
          return updated;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [period, set];
}

/** The query string that carries the period to another page. */
export function periodSearch(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of ['year', 'quarter']) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : '';
}
