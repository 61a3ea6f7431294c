/**
 * `part / whole` in per cent, rounded half-up to one decimal (2 of 3 → 66.7), in integer
 * arithmetic so that no binary fraction tips a half the wrong way; null when `whole` is 0.
 */
export function percentHalfUp(part: number, whole: number): number | null {
  if (whole === 0) return null;
  // tenths of a per cent = part·1000/whole, rounded half-up: ⌊(2·part·1000 + whole) / (2·whole)⌋
  return Math.floor((2 * part * 1000 + whole) / (2 * whole)) / 10;
}

/** The first day of a quarter (YYYY-MM-DD). */
export function quarterFirstDay(year: number, quarter: number): string {
  return `${String(year).padStart(4, '0')}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
}

/** The `count` quarters ending with (year, quarter), oldest first. */
export function quartersUpTo(year: number, quarter: number, count: number): { year: number; quarter: number }[] {
  const out: { year: number; quarter: number }[] = [];
  let index = year * 4 + (quarter - 1);
  for (let i = 0; i < count; i++, index--) out.unshift({ year: Math.floor(index / 4), quarter: (index % 4) + 1 });
  return out;
}
