import { Messages, ru } from './ru';

/** The interface language. Adding one: a file like ru.ts typed as Messages, selected here. */
export const t: Messages = ru;

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? t.app.notAvailable : value.toLocaleString(t.locale);
}

export function formatPercent(value: number | null | undefined): string {
  return t.number.percent(value);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return t.app.notAvailable;
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toLocaleString(t.locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return t.app.notAvailable;
  // A bare YYYY-MM-DD is a calendar date: show it without shifting it through a time zone.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}.${m}.${y}`;
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toLocaleDateString(t.locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
}
