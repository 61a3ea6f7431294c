// Hard rules of the quarterly report (DESIGN §5): a report breaking any of them is
// refused as a whole. All errors are returned at once so a school fixes its form in one go.
import { DataSetCatalogue, findDataElement, QUARTERLY_REPORT_CATALOGUE } from './quarterly-report-catalogue';

export interface ReportFigure {
  readonly code: string;
  readonly value: number;
}

export type FigureRule =
  | 'NOT_INTEGER'
  | 'NEGATIVE'
  | 'TOO_LARGE'
  | 'UNKNOWN_CODE'
  | 'DUPLICATE_CODE'
  | 'MISSING_REQUIRED'
  | 'MENTEES_GT_STUDENTS'
  | 'MENTEES_GT_FORMS_SUM'
  | 'FORM_GT_MENTEES'
  | 'FORM_GT_STUDENTS'
  | 'CATEGORY_GT_MENTEES'
  | 'CATEGORY_GT_STUDENTS'
  | 'MENTORS_GT_STUDENTS'
  | 'MENTEES_TEACHERS_GT_TEACHERS'
  | 'YOUNG_SPECIALISTS_GT_MENTEES_TEACHERS'
  | 'YOUNG_SPECIALISTS_GT_TEACHERS';

export interface FigureError {
  /** The figure at fault (for a cross-figure rule, the one that is too large). */
  readonly code: string;
  readonly rule: FigureRule;
  readonly message: string;
}

export interface ValidateFiguresOptions {
  /** Submit: every required figure must be present. Save (the default) accepts a partial draft. */
  readonly requireComplete?: boolean;
}

/** Values are stored as Postgres `integer`. */
export const MAX_FIGURE_VALUE = 2 ** 31 - 1;

const isFormCode = (code: string): boolean => findDataElement(code)?.form !== undefined;
const isCategoryCode = (code: string): boolean => findDataElement(code)?.category !== undefined;

interface UpperBound {
  readonly code: string;
  readonly rule: FigureRule;
}

interface UpperBoundRule {
  readonly applies: (code: string) => boolean;
  readonly bounds: readonly UpperBound[];
}

// For each figure, its upper bounds from the nearest to the farthest. Only the nearest
// one present in the report is checked: the next link of the chain has its own rule, and
// falling back to a farther bound still catches an impossible value in a partial draft
// (a form figure above STUDENTS while MENTEES_STUDENTS is not filled in yet).
const UPPER_BOUNDS: readonly UpperBoundRule[] = [
  {
    applies: (code) => code === 'MENTEES_STUDENTS',
    bounds: [{ code: 'STUDENTS', rule: 'MENTEES_GT_STUDENTS' }],
  },
  {
    applies: isFormCode,
    bounds: [
      { code: 'MENTEES_STUDENTS', rule: 'FORM_GT_MENTEES' },
      { code: 'STUDENTS', rule: 'FORM_GT_STUDENTS' },
    ],
  },
  {
    applies: isCategoryCode,
    bounds: [
      { code: 'MENTEES_STUDENTS', rule: 'CATEGORY_GT_MENTEES' },
      { code: 'STUDENTS', rule: 'CATEGORY_GT_STUDENTS' },
    ],
  },
  {
    applies: (code) => code === 'MENTORS_STUDENTS',
    bounds: [{ code: 'STUDENTS', rule: 'MENTORS_GT_STUDENTS' }],
  },
  {
    applies: (code) => code === 'MENTEES_TEACHERS',
    bounds: [{ code: 'TEACHERS', rule: 'MENTEES_TEACHERS_GT_TEACHERS' }],
  },
  {
    applies: (code) => code === 'MENTEES_YOUNG_SPECIALISTS',
    bounds: [
      { code: 'MENTEES_TEACHERS', rule: 'YOUNG_SPECIALISTS_GT_MENTEES_TEACHERS' },
      { code: 'TEACHERS', rule: 'YOUNG_SPECIALISTS_GT_TEACHERS' },
    ],
  },
];

/**
 * Checks a report's figures against the catalogue and the hard rules. Returns every error
 * found, in the order: errors of single figures (codes in order of first appearance),
 * cross-figure rules, missing required figures. An empty array means the figures may be
 * stored. Cross-figure rules compare only figures that are known, given once and valid.
 */
export function validateFigures(figures: readonly ReportFigure[], options: ValidateFiguresOptions = {}): FigureError[] {
  const catalogue = QUARTERLY_REPORT_CATALOGUE;
  const errors: FigureError[] = [];
  const byCode = groupByCode(figures);
  // Figures that cross-figure rules may rely on: known, given once and with a valid value.
  const usable = new Map<string, number>();

  for (const [code, group] of byCode) {
    if (!findDataElement(code, catalogue)) {
      errors.push({
        code,
        rule: 'UNKNOWN_CODE',
        message: `${code} is not a figure of the quarterly report catalogue v${catalogue.version}`,
      });
      continue;
    }
    if (group.length > 1) {
      errors.push({
        code,
        rule: 'DUPLICATE_CODE',
        message:
          `${code} is given ${group.length} times (${group.map((f) => show(f.value)).join(', ')}); ` + 'a report holds each figure once',
      });
    }
    const valueErrors = group.flatMap(valueErrorsOf);
    errors.push(...valueErrors);
    if (group.length === 1 && valueErrors.length === 0) usable.set(code, group[0].value);
  }

  errors.push(...upperBoundErrors(byCode, usable));
  errors.push(...formsSumErrors(byCode, usable));

  if (options.requireComplete) errors.push(...missingRequiredErrors(byCode, catalogue));
  return errors;
}

function groupByCode(figures: readonly ReportFigure[]): Map<string, ReportFigure[]> {
  const byCode = new Map<string, ReportFigure[]>();
  for (const figure of figures) {
    const code = String(figure.code);
    const group = byCode.get(code);
    if (group) group.push(figure);
    else byCode.set(code, [figure]);
  }
  return byCode;
}

function valueErrorsOf(figure: ReportFigure): FigureError[] {
  const { value } = figure;
  const code = String(figure.code);
  const errors: FigureError[] = [];
  // A non-number (from untyped JSON), NaN, Infinity and fractions are all "not a whole number".
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.push({ code, rule: 'NOT_INTEGER', message: `${code} must be a whole number, got ${show(value)}` });
  }
  if (typeof value === 'number' && value < 0) {
    errors.push({ code, rule: 'NEGATIVE', message: `${code} must not be negative, got ${show(value)}` });
  }
  if (typeof value === 'number' && value > MAX_FIGURE_VALUE) {
    errors.push({
      code,
      rule: 'TOO_LARGE',
      message: `${code} (${show(value)}) must not exceed ${MAX_FIGURE_VALUE}`,
    });
  }
  return errors;
}

function upperBoundErrors(byCode: ReadonlyMap<string, unknown>, usable: ReadonlyMap<string, number>): FigureError[] {
  const errors: FigureError[] = [];
  for (const [code, value] of usable) {
    for (const { applies, bounds } of UPPER_BOUNDS) {
      if (!applies(code)) continue;
      // The nearest bound given; when that one is itself invalid there is nothing to compare with.
      const bound = bounds.find((candidate) => byCode.has(candidate.code));
      const boundValue = bound ? usable.get(bound.code) : undefined;
      if (bound && boundValue !== undefined && value > boundValue) {
        errors.push({
          code,
          rule: bound.rule,
          message: `${code} (${value}) must not exceed ${bound.code} (${boundValue})`,
        });
      }
    }
  }
  return errors;
}

// A student in two forms counts once in MENTEES_STUDENTS and once in each form, so the
// unique total cannot exceed the sum of the forms. The rule applies as soon as one form
// figure is given: a school that reports a breakdown must account for every mentee in it,
// and a form left out counts as 0. Without any form figure the breakdown is simply not
// reported and there is nothing to check.
function formsSumErrors(byCode: ReadonlyMap<string, unknown>, usable: ReadonlyMap<string, number>): FigureError[] {
  const formCodes = [...byCode.keys()].filter(isFormCode);
  const mentees = usable.get('MENTEES_STUDENTS');
  if (formCodes.length === 0 || mentees === undefined) return [];
  if (!formCodes.every((code) => usable.has(code))) return []; // an invalid form figure is already reported
  const sum = formCodes.reduce((total, code) => total + (usable.get(code) ?? 0), 0);
  if (mentees <= sum) return [];
  return [
    {
      code: 'MENTEES_STUDENTS',
      rule: 'MENTEES_GT_FORMS_SUM',
      message:
        `MENTEES_STUDENTS (${mentees}) must not exceed the sum of the per-form figures ` +
        `${formCodes.join(' + ')} (${sum}): every student mentee takes part in at least one form`,
    },
  ];
}

function missingRequiredErrors(byCode: ReadonlyMap<string, unknown>, catalogue: DataSetCatalogue): FigureError[] {
  return catalogue.elements
    .filter((element) => element.required && !byCode.has(element.code))
    .map((element) => ({
      code: element.code,
      rule: 'MISSING_REQUIRED' as const,
      message: `${element.code} is required to submit the report`,
    }));
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}
