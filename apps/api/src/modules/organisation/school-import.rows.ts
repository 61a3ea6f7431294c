import type { TabularRow } from '../../engine/import/tabular-file.reader';
import { emailProblem, normaliseEmail, passwordWeakness } from './account-policy';
import { CODE_MAX_LENGTH, INN, NAME_MAX_LENGTH, SCHOOL_NAME_MAX_LENGTH } from './organisation.inputs';

export const REQUIRED_COLUMNS = ['code', 'name'] as const;
export const OPTIONAL_COLUMNS = ['inn', 'curator_email', 'curator_name', 'curator_password'] as const;
const KNOWN_COLUMNS = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
/** Line numbers are the file's own: the header is line (row) 1. */
export const HEADER_LINE = 1;

export interface ImportRow {
  line: number;
  code: string;
  name: string;
  inn: string | null;
  /** Normalised (trimmed, lower case); null when the row has no curator. */
  curatorEmail: string | null;
  curatorName: string | null;
  /** As given; null: generate one. */
  curatorPassword: string | null;
}

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

/** The rows of the file as import rows, and the problems of its header (missing or unknown columns). */
export function parseImportTable(table: readonly TabularRow[]): {
  rows: ImportRow[];
  errors: ImportRowError[];
  missingColumns: Set<string>;
} {
  const headers = Object.keys(table[0]?.values ?? {});
  const errors: ImportRowError[] = [];
  const missingColumns = new Set<string>(REQUIRED_COLUMNS.filter((column) => !headers.includes(column)));
  for (const column of missingColumns) errors.push({ line: HEADER_LINE, field: column, message: `the column "${column}" is missing` });
  for (const column of headers) {
    if (!KNOWN_COLUMNS.has(column)) {
      errors.push({ line: HEADER_LINE, field: column, message: `unknown column "${column}"; expected ${[...KNOWN_COLUMNS].join(', ')}` });
    }
  }
  const rows = table.map(({ line, values }) => {
    const text = (column: string) => values[column] ?? '';
    const optional = (column: string) => text(column) || null;
    const email = optional('curator_email');
    return {
      line,
      code: text('code'),
      name: text('name'),
      inn: optional('inn'),
      curatorEmail: email === null ? null : normaliseEmail(email),
      curatorName: optional('curator_name'),
      curatorPassword: optional('curator_password'),
    };
  });
  return { rows, errors, missingColumns };
}

/**
 * Every problem of every row: the rules of createSchool and createUser, duplicates within the file
 * (reported on the later line) and against what the database already holds.
 */
export function validateImportRows(
  rows: readonly ImportRow[],
  existing: { codes: ReadonlySet<string>; emails: ReadonlySet<string> },
  missingColumns: ReadonlySet<string> = new Set(),
): ImportRowError[] {
  const errors: ImportRowError[] = [];
  const codeLines = new Map<string, number>();
  const emailLines = new Map<string, number>();
  for (const row of rows) {
    // A missing column is reported once, on the header, not again on every row.
    const problem = (field: string, message: string) => {
      if (!missingColumns.has(field)) errors.push({ line: row.line, field, message });
    };
    if (!row.code) problem('code', 'is required');
    else if (row.code.length > CODE_MAX_LENGTH) problem('code', `must be at most ${CODE_MAX_LENGTH} characters long`);
    else if (codeLines.has(row.code)) problem('code', `duplicates line ${codeLines.get(row.code)}`);
    else if (existing.codes.has(row.code)) problem('code', 'a school with this code already exists in the district');
    if (row.code && !codeLines.has(row.code)) codeLines.set(row.code, row.line);

    if (!row.name) problem('name', 'is required');
    else if (row.name.length > SCHOOL_NAME_MAX_LENGTH) problem('name', `must be at most ${SCHOOL_NAME_MAX_LENGTH} characters long`);

    if (row.inn !== null && !INN.test(row.inn)) problem('inn', 'must be 10 or 12 digits');

    if (row.curatorEmail === null) {
      if (row.curatorName !== null) problem('curator_email', 'is required when curator_name is given');
      if (row.curatorPassword !== null) problem('curator_email', 'is required when curator_password is given');
      continue;
    }
    const emailIssue = emailProblem(row.curatorEmail);
    if (emailIssue) problem('curator_email', emailIssue);
    else if (emailLines.has(row.curatorEmail)) problem('curator_email', `duplicates line ${emailLines.get(row.curatorEmail)}`);
    else if (existing.emails.has(row.curatorEmail)) problem('curator_email', 'an account with this e-mail already exists');
    if (!emailLines.has(row.curatorEmail)) emailLines.set(row.curatorEmail, row.line);

    if (row.curatorName !== null && row.curatorName.length > NAME_MAX_LENGTH) {
      problem('curator_name', `must be at most ${NAME_MAX_LENGTH} characters long`);
    }
    if (row.curatorPassword !== null) {
      const weakness = passwordWeakness(row.curatorPassword);
      if (weakness) problem('curator_password', weakness);
    }
  }
  return errors;
}
