// Pure helpers of the quarterly report form: turning typed text into figures and matching the
// server's problems and warnings to the figures they are about.
import type { FieldProblem } from '../../shared/api/graphql-client';
import type { Figure, FigureWarning } from './quarterly-report-operations';

export type FormValues = Record<string, string>;

export function valuesOf(figures: readonly Figure[]): FormValues {
  const values: FormValues = {};
  for (const figure of figures) values[figure.code] = String(figure.value);
  return values;
}

/** A value the API's Int can carry; anything else is refused here, before sending. */
const INTEGER = /^-?\d{1,10}$/;

export interface ParsedFigures {
  figures: Figure[];
  /** Codes whose text is not a whole number (the API could not even receive it). */
  notIntegers: string[];
}

/** Figures in catalogue order; empty fields are left out (a draft may be partial). */
export function figuresOf(values: FormValues, order: readonly string[]): ParsedFigures {
  const figures: Figure[] = [];
  const notIntegers: string[] = [];
  for (const code of order) {
    const text = (values[code] ?? '').trim().replace(/\s+/g, '');
    if (text === '') continue;
    if (!INTEGER.test(text) || !Number.isSafeInteger(Number(text)) || Math.abs(Number(text)) > 2 ** 31 - 1) {
      notIntegers.push(code);
      continue;
    }
    figures.push({ code, value: Number(text) });
  }
  return { figures, notIntegers };
}

export function sameFigures(a: readonly Figure[], b: readonly Figure[]): boolean {
  if (a.length !== b.length) return false;
  const byCode = new Map(a.map((f) => [f.code, f.value]));
  return b.every((f) => byCode.get(f.code) === f.value);
}

/** Problems grouped by the figure (or input field) they name; the rest under ''. */
export function problemsByField(problems: readonly FieldProblem[], knownCodes: ReadonlySet<string>): Map<string, FieldProblem[]> {
  const grouped = new Map<string, FieldProblem[]>();
  for (const problem of problems) {
    const field = problem.field.replace(/^(input\.|figures\.)/, '');
    const key = knownCodes.has(field) || field === 'comment' ? field : '';
    grouped.set(key, [...(grouped.get(key) ?? []), problem]);
  }
  return grouped;
}

/** Warnings by figure code; a district's list carries no registryValue, a school's report does. */
export function warningsByCode<W extends Omit<FigureWarning, 'registryValue'>>(warnings: readonly W[]): Map<string, W[]> {
  const grouped = new Map<string, W[]>();
  for (const warning of warnings) grouped.set(warning.code, [...(grouped.get(warning.code) ?? []), warning]);
  return grouped;
}
