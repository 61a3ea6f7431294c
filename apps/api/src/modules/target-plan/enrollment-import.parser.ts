import { PLAN_MAX_YEAR, PLAN_MIN_YEAR } from '@mm/planning';
import type { TabularRow } from '../../engine/import/tabular-file.reader';

/** The columns of an enrollment table (headers matched case-insensitively, spaces as underscores). */
export const ENROLLMENT_IMPORT_COLUMNS = ['school_code', 'year', 'students', 'mentor_base'] as const;

export interface ParsedEnrollmentRow {
  line: number;
  schoolCode: string;
  year: number;
  students: number;
  mentorBase: number | null;
}

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

const MAX_COUNT = 2_147_483_647;
// A whole number, optionally grouped by spaces as spreadsheets print them ("1 205", with NBSP too).
const WHOLE_NUMBER = /^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$|^\d+$/;

/** The required columns missing from the table's header. */
export function missingColumns(rows: readonly TabularRow[]): string[] {
  const present = new Set(Object.keys(rows[0]?.values ?? {}));
  return ENROLLMENT_IMPORT_COLUMNS.filter((column) => !present.has(column));
}

/**
 * Checks every cell of every row and reports each problem with its line and column; rows without
 * a problem come back parsed. A (school, year) given twice is an error on its second line.
 * School codes are resolved against the district by the caller.
 */
export function parseEnrollmentRows(rows: readonly TabularRow[]): { rows: ParsedEnrollmentRow[]; errors: ImportRowError[] } {
  const parsed: ParsedEnrollmentRow[] = [];
  const errors: ImportRowError[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, values } of rows) {
    const rowErrors: ImportRowError[] = [];
    const fail = (field: string, message: string) => rowErrors.push({ line, field, message });

    const schoolCode = (values.school_code ?? '').trim();
    if (schoolCode === '') fail('school_code', 'school_code is empty');

    const year = wholeNumber(values.year);
    if (year === null) fail('year', `year must be a whole number, got "${values.year ?? ''}"`);
    else if (year < PLAN_MIN_YEAR || year > PLAN_MAX_YEAR)
      fail('year', `year must be from ${PLAN_MIN_YEAR} to ${PLAN_MAX_YEAR}, got ${year}`);

    const students = wholeNumber(values.students);
    if (students === null) fail('students', `students must be a non-negative whole number, got "${values.students ?? ''}"`);

    const mentorBaseText = (values.mentor_base ?? '').trim();
    const mentorBase = mentorBaseText === '' ? null : wholeNumber(mentorBaseText);
    if (mentorBaseText !== '' && mentorBase === null) {
      fail('mentor_base', `mentor_base must be empty or a non-negative whole number, got "${mentorBaseText}"`);
    } else if (mentorBase !== null && students !== null && mentorBase > students) {
      fail('mentor_base', `mentor_base ${mentorBase} is more than students ${students}`);
    }

    if (rowErrors.length === 0 && year !== null && students !== null) {
      const key = `${schoolCode}\u0000${year}`;
      const first = firstLineOf.get(key);
      if (first !== undefined) fail('year', `${schoolCode} ${year} is already on line ${first}`);
      else firstLineOf.set(key, line);
    }
    if (rowErrors.length) errors.push(...rowErrors);
    else parsed.push({ line, schoolCode, year: year!, students: students!, mentorBase });
  }
  return { rows: parsed, errors };
}

function wholeNumber(text: string | undefined): number | null {
  const trimmed = (text ?? '').trim();
  if (!WHOLE_NUMBER.test(trimmed)) return null;
  const value = Number(trimmed.replace(/[ \u00a0\u202f]/g, ''));
  return Number.isSafeInteger(value) && value <= MAX_COUNT ? value : null;
}
