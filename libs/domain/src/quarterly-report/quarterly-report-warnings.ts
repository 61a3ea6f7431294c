// Soft rules of the quarterly report (DESIGN §5): figures that are possible but suspicious
// compared with the previous quarter. They do not block a save; a submit with any of them
// needs a comment from the school explaining the change.
import { findDataElement, QUARTERLY_REPORT_CATALOGUE } from './quarterly-report-catalogue';
import { ReportFigure } from './quarterly-report-validation';

export type FigureWarningRule = 'DECREASE' | 'JUMP';

export interface FigureWarning {
  readonly code: string;
  readonly rule: FigureWarningRule;
  readonly message: string;
}

/** A figure above this multiple of the previous quarter's is a JUMP (exactly 3× is not). */
export const JUMP_FACTOR = 3;

/**
 * Warnings for `current` against `previous`, which must be the previous quarter's report
 * of the same year (pass null for Q1 or when there is none: year-to-date figures restart
 * every January, so comparing across years would be meaningless).
 *
 * Only codes present in both reports and known to the catalogue are compared. DECREASE
 * applies to year-to-date figures only: head counts on the report date (STUDENTS,
 * TEACHERS, PAIRS, GROUPS, CONSENTS) may legitimately go down. JUMP applies to every
 * figure, as a tenfold typo is as likely in a head count as in a year-to-date count.
 * Warnings come in catalogue order. Run hard validation first: a code given twice is
 * compared by its first occurrence.
 */
export function softWarnings(current: readonly ReportFigure[], previous: readonly ReportFigure[] | null): FigureWarning[] {
  if (!previous) return [];
  const currentValues = firstValueByCode(current);
  const previousValues = firstValueByCode(previous);
  const warnings: FigureWarning[] = [];

  for (const element of QUARTERLY_REPORT_CATALOGUE.elements) {
    const { code } = element;
    const now = currentValues.get(code);
    const before = previousValues.get(code);
    if (now === undefined || before === undefined) continue;

    if (element.measure === 'YEAR_TO_DATE' && now < before) {
      warnings.push({
        code,
        rule: 'DECREASE',
        message: `${code} went down from ${before} to ${now} since the previous quarter, but it counts people since the start of the year`,
      });
    }
    if (before > 0 && now > JUMP_FACTOR * before) {
      warnings.push({
        code,
        rule: 'JUMP',
        message: `${code} grew from ${before} to ${now}, more than ${JUMP_FACTOR}× the previous quarter`,
      });
    }
  }
  return warnings;
}

/** A submit carrying soft warnings must come with the school's comment. */
export function submitRequiresComment(warnings: readonly FigureWarning[]): boolean {
  return warnings.length > 0;
}

function firstValueByCode(figures: readonly ReportFigure[]): Map<string, number> {
  const values = new Map<string, number>();
  for (const { code, value } of figures) {
    if (!values.has(code) && findDataElement(code) && Number.isFinite(value)) values.set(code, value);
  }
  return values;
}
