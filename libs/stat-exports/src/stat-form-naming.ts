import { FILE_EXTENSION } from './stat-export-files';
import type { StatExportFormat, StatFormCodeValue } from './stat-export.repository';

/**
 * How an export names itself: the period in the title («2020–2024 годы», «II квартал 2024 года»),
 * the download file name (the Russian title) with its ASCII fallback, and the Content-Disposition.
 * Shared by the worker (title in the file) and the API (download headers).
 */

const QUARTER_ROMAN = ['I', 'II', 'III', 'IV'] as const;

/** Forms whose period is a quarter; the target plan's is a range of years, the roadmap's a school year. */
export function isQuarterlyForm(form: StatFormCodeValue): boolean {
  return form !== 'TARGET_PLAN' && form !== 'ROADMAP_MATRIX';
}

/** «2025/2026 учебный год»: the period of a school-year form (ROADMAP_MATRIX). */
export function schoolYearPeriodText(schoolYear: number): string {
  return `${schoolYear}/${schoolYear + 1} учебный год`;
}

export function periodText(period: { year: number; toYear: number | null; quarter: number | null }): string {
  if (period.quarter !== null) return `${QUARTER_ROMAN[period.quarter - 1]} квартал ${period.year} года`;
  const last = period.toYear ?? period.year;
  return last === period.year ? `${period.year} год` : `${period.year}–${last} годы`;
}

/** A short ASCII period for file names: `2020-2024`, `2024-Q2`. */
export function periodSlug(period: { year: number; toYear: number | null; quarter: number | null }): string {
  if (period.quarter !== null) return `${period.year}-Q${period.quarter}`;
  const last = period.toYear ?? period.year;
  return last === period.year ? `${period.year}` : `${period.year}-${last}`;
}

const MAX_NAME_CHARS = 150;
/** File systems (ext4, NTFS via UTF-16 aside) refuse names over 255 bytes: a Cyrillic title is 2 bytes a letter. */
const MAX_NAME_BYTES = 255;
const utf8 = new TextEncoder();

/** The file name users see: the title without characters file systems refuse, with the extension. */
export function downloadFileName(title: string, format: StatExportFormat): string {
  const base = title
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[«»"]/g, '')
    .replace(/[\\/:*?<>|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '');
  // Cut by user-perceived characters (grapheme clusters), never inside a surrogate pair or an
  // emoji sequence: half a pair is not encodable (encodeURIComponent throws) and would answer 500.
  const extension = `.${FILE_EXTENSION[format]}`;
  const cut = firstCharacters(wellFormed(base), MAX_NAME_CHARS, MAX_NAME_BYTES - utf8.encode(extension).length).trim();
  return `${cut || 'export'}${extension}`;
}

const graphemes = new Intl.Segmenter('ru', { granularity: 'grapheme' });

/** The longest prefix of whole graphemes within both limits (characters, UTF-8 bytes). */
function firstCharacters(text: string, max: number, maxBytes: number): string {
  let out = '';
  let count = 0;
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8.encode(segment).length;
    if (++count > max || bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/** Lone surrogates (from any source) replaced by U+FFFD, so the name is always encodable. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The plain-ASCII fallback name for old clients: `target-plan_D-001_2020-2024.xlsx`. */
export function asciiFileName(
  form: StatFormCodeValue,
  scopeCode: string,
  period: { year: number; toYear: number | null; quarter: number | null },
  format: StatExportFormat,
): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  const parts = [form.toLowerCase().replace(/_/g, '-'), slug(scopeCode), periodSlug(period)].filter(Boolean);
  return `${parts.join('_')}.${FILE_EXTENSION[format]}`;
}

/** `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const fallback = asciiFallback.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/** RFC 5987 attr-char encoding: encodeURIComponent plus the characters it leaves that are not attr-chars. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export const CONTENT_TYPE: Record<StatExportFormat, string> = {
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  CSV: 'text/csv; charset=utf-8',
};

/** Where a completed export is downloaded (a path on the API server). */
export function downloadPath(id: string): string {
  return `/exports/${id}/download`;
}
