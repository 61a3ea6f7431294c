import { ExpandedColumns, LeafColumn } from './form-columns';

/** A cell as the caller supplies it: `null` is a deliberately blank cell. */
export type FormCellValue = string | number | null;

/**
 * One data row keyed by `LeafColumn.key` (year-group columns: `<key>_<year>`, e.g.
 * `menteeTarget_2021`). Every column must be present (`null` for blank) except `autoNumber`
 * columns; extra keys are ignored, so rows can be database records with more fields.
 */
export type FormRow = Readonly<Record<string, FormCellValue>>;

/** A validated cell: strings in text columns, numbers in integer and percent columns. */
export type NormalizedCell = string | number | null;

/** A bad cell value; names the row and the column so the job's error is actionable. */
export class FormRowError extends Error {
  constructor(
    readonly row: number | 'total',
    readonly column: string,
    problem: string,
  ) {
    super(`${row === 'total' ? 'ИТОГО row' : `Row ${row}`}, column "${column}": ${problem}`);
    this.name = 'FormRowError';
  }
}

// Characters XML 1.0 cannot carry; exceljs drops them silently, so CSV drops them too and
// both files hold the same text.
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const MAX_CELL_TEXT = 32767; // Excel's limit per cell

/**
 * True for text a spreadsheet would evaluate as a formula when typed or imported
 * (OWASP CSV injection: `=`, `+`, `-`, `@`, tab, carriage return).
 */
export function isFormulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/**
 * Validates rows against the columns, numbers `autoNumber` columns, and builds the ИТОГО row:
 * SUM columns are summed while streaming (no second pass), PROVIDED columns come from the
 * caller's total row, which is checked up front so a bad call fails before any output.
 */
export class FormRowNormalizer {
  private readonly leaves: readonly LeafColumn[];
  private readonly sums: (number | null)[];
  private readonly provided: FormRow | undefined;
  private rowCount = 0;

  constructor(
    private readonly columns: ExpandedColumns,
    totalRow?: FormRow,
  ) {
    this.leaves = columns.leaves;
    this.sums = columns.leaves.map(() => null);
    this.provided = totalRow;
    checkProvidedTotal(columns, totalRow);
  }

  /** Data rows normalised so far. */
  get count(): number {
    return this.rowCount;
  }

  normalize(row: FormRow): NormalizedCell[] {
    this.rowCount += 1;
    const cells = new Array<NormalizedCell>(this.leaves.length);
    for (let i = 0; i < this.leaves.length; i += 1) {
      const column = this.leaves[i];
      const raw = row[column.key];
      if (column.autoNumber && (raw === undefined || raw === null)) {
        cells[i] = this.rowCount;
        continue;
      }
      if (raw === undefined) throw new FormRowError(this.rowCount, column.key, 'missing (use null for a blank cell)');
      const cell = normalizeCell(column, raw, this.rowCount);
      if (column.total === 'SUM' && typeof cell === 'number') this.sums[i] = (this.sums[i] ?? 0) + cell;
      cells[i] = cell;
    }
    return cells;
  }

  /** The ИТОГО row in leaf order, or undefined when the form has none. Call after the last row. */
  totalRow(): NormalizedCell[] | undefined {
    const spec = this.columns.total;
    if (!spec) return undefined;
    return this.leaves.map((column, i) => {
      if (column.key === spec.labelColumn) return spec.label;
      switch (column.total) {
        case 'SUM': {
          const sum = this.sums[i];
          if (sum !== null && !Number.isSafeInteger(sum)) throw new FormRowError('total', column.key, 'sum exceeds the safe integer range');
          return sum; // null when no row had a value: blank rather than a misleading 0
        }
        case 'PROVIDED':
          return normalizeCell(column, this.provided?.[column.key] ?? null, 'total');
        default:
          return null;
      }
    });
  }
}

function checkProvidedTotal(columns: ExpandedColumns, totalRow: FormRow | undefined): void {
  if (!columns.total) {
    if (totalRow) throw new Error('This form has no ИТОГО row; do not pass totalRow');
    return;
  }
  const byKey = new Map(columns.leaves.map((column) => [column.key, column]));
  for (const key of Object.keys(totalRow ?? {})) {
    const column = byKey.get(key);
    if (!column) throw new FormRowError('total', key, 'not a column of this form');
    if (column.total === 'SUM') throw new FormRowError('total', key, 'summed by the writer (SUM); do not provide it');
    if (column.total !== 'PROVIDED') throw new FormRowError('total', key, 'blank in the ИТОГО row; do not provide it');
  }
  for (const column of columns.leaves) {
    if (column.total === 'PROVIDED' && totalRow?.[column.key] === undefined) {
      throw new FormRowError('total', column.key, 'must be provided by the caller (PROVIDED; null for blank)');
    }
  }
}

function normalizeCell(column: LeafColumn, raw: FormCellValue, row: number | 'total'): NormalizedCell {
  if (raw === null) return null;
  switch (column.type) {
    case 'text': {
      if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isFinite(raw))) {
        throw new FormRowError(row, column.key, `expected text, got ${describe(raw)}`);
      }
      let text = String(raw);
      if (column.valueLabels) {
        const label = column.valueLabels[text];
        if (label === undefined) {
          throw new FormRowError(
            row,
            column.key,
            `unknown value ${JSON.stringify(text)} (expected ${Object.keys(column.valueLabels).join(', ')})`,
          );
        }
        text = label;
      }
      text = text.replace(XML_ILLEGAL, '');
      if (text.length > MAX_CELL_TEXT) throw new FormRowError(row, column.key, `text longer than ${MAX_CELL_TEXT} characters`);
      return text === '' ? null : text;
    }
    case 'integer':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw))
        throw new FormRowError(row, column.key, `expected an integer, got ${describe(raw)}`);
      return raw === 0 ? 0 : raw; // -0 → 0
    case 'percent':
      if (typeof raw !== 'number' || !Number.isFinite(raw))
        throw new FormRowError(row, column.key, `expected a percent number, got ${describe(raw)}`);
      return raw === 0 ? 0 : raw;
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
