/** The school year a date falls in, by its first calendar year: 1 September 2025 – 31 August 2026 is 2025. */
export function schoolYearOf(date: Date): number {
  return date.getMonth() >= 8 ? date.getFullYear() : date.getFullYear() - 1;
}

export function schoolYearLabel(year: number): string {
  return `${year}/${year + 1}`;
}

/** The template's stage deadlines as month and day (libs/domain ROADMAP_TEMPLATE), for the preview of a shifted publication. */
const TEMPLATE_DEADLINES: readonly [number, number][] = [
  [9, 30],
  [10, 15],
  [10, 31],
  [11, 30],
  [12, 15],
  [4, 30],
  [5, 31],
];
const DAY_MS = 24 * 60 * 60 * 1000;
const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Today in the browser as YYYY-MM-DD (the user's calendar day). */
export function todayDate(now = new Date()): string {
  return dateOf(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY_MS);
}

/**
 * The template's deadlines for a school year, and as the API's shiftFromToday moves them when
 * published on `today`: by the days since 1 September, held at 31 August (mirrors
 * shiftedTemplateStages of libs/domain, which the web app does not bundle).
 */
export function templateDeadlines(schoolYear: number, today: string): { template: string[]; shifted: string[] } {
  const template = TEMPLATE_DEADLINES.map(
    ([m, d]) => `${m >= 9 ? schoolYear : schoolYear + 1}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );
  const offset = Math.max(0, dayNumber(today) - dayNumber(`${schoolYear}-09-01`));
  const last = dayNumber(`${schoolYear + 1}-08-31`);
  return { template, shifted: template.map((date) => dateOf(Math.min(dayNumber(date) + offset, last))) };
}
