// Fingerprint of a report payload for idempotency: a request repeated with the same key
// must carry the same logical payload, whatever order the client listed the figures in.
import { createHash } from 'node:crypto';
import { ReportFigure } from './quarterly-report-validation';

export interface ReportPayload {
  readonly schoolId: string;
  readonly year: number;
  readonly quarter: number;
  readonly figures: readonly ReportFigure[];
  readonly comment?: string | null;
}

/**
 * The canonical JSON of a payload: fixed key order, figures sorted by code (then value,
 * so even a payload with a duplicated code is order-independent), and an absent comment
 * written as null. Codes are compared by UTF-16 code units, never by locale.
 */
export function canonicalFiguresJson(input: ReportPayload): string {
  const figures = input.figures
    .map((figure) => ({ code: figure.code, value: figure.value }))
    .sort((a, b) => compare(a.code, b.code) || compare(a.value, b.value));
  return JSON.stringify({
    schoolId: input.schoolId,
    year: input.year,
    quarter: input.quarter,
    figures,
    comment: input.comment ?? null,
  });
}

/** SHA-256 (lowercase hex) of canonicalFiguresJson(input). */
export function canonicalFiguresHash(input: ReportPayload): string {
  return createHash('sha256').update(canonicalFiguresJson(input), 'utf8').digest('hex');
}

function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
