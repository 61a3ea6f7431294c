// Helpers of the registry pages and of the report form's "fill from the registry".
import type { Figure } from '../quarterly-report/quarterly-report-operations';

/** Today as YYYY-MM-DD in the browser's time zone (the default of date fields). */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Codes whose typed value differs from the registry's (an empty field is not a difference). */
export function registryDifferences(values: Record<string, string>, registry: readonly Figure[]): Set<string> {
  const differing = new Set<string>();
  for (const { code, value } of registry) {
    const typed = (values[code] ?? '').trim();
    if (typed !== '' && Number(typed) !== value) differing.add(code);
  }
  return differing;
}

/** The form's values with every registry-derived figure replaced by the registry's. */
export function fillFromRegistry(values: Record<string, string>, registry: readonly Figure[]): Record<string, string> {
  const next = { ...values };
  for (const { code, value } of registry) next[code] = String(value);
  return next;
}
