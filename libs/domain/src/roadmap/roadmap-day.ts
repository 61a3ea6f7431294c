/** Roadmap deadlines are calendar days; a day is over when it is over in Moscow, like reporting deadlines. */
export const ROADMAP_TIME_ZONE = 'Europe/Moscow';

const FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: ROADMAP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The roadmap day (YYYY-MM-DD, Moscow) of an instant: what "today" was at that moment. */
export function roadmapDayOf(at: Date): string {
  const parts = Object.fromEntries(FORMAT.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
