import { Writable } from 'node:stream';

import * as ExcelJS from 'exceljs';

import { ExpandedColumns, LeafColumn } from './form-columns';
import { FormDefinition } from './form-definition.types';
import { abortOutput, drained, FormRows, FormWriteResult, hashedOutput } from './form-output';
import { FormRow, FormRowNormalizer, NormalizedCell } from './form-rows';

export interface XlsxFormWriteOptions {
  readonly definition: FormDefinition;
  /** `expandColumns(definition, { years })`. */
  readonly columns: ExpandedColumns;
  /** Rendered title (see `renderTitle`), merged across the table above the header. */
  readonly title: string;
  /** Optional second line, e.g. the data version or "по состоянию на 31.03.2024". */
  readonly subtitle?: string;
  readonly rows: FormRows<FormRow>;
  /** Values of the ИТОГО row's PROVIDED columns (see `TotalRowDefinition`). */
  readonly totalRow?: FormRow;
  /** Ended by the writer. */
  readonly output: Writable;
}

const NUMBER_FORMATS: Record<LeafColumn['type'], string> = {
  // `@` (Text) also keeps a cell like "=1+1" text when a user edits it in Excel later.
  text: '@',
  integer: '0',
  percent: '0.0',
};
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const FONT = { name: 'Calibri', size: 11 } as const;
const LINE_HEIGHT = 15;
// Give the zip/deflate pipeline a turn this often, even when rows arrive synchronously.
const YIELD_EVERY_ROWS = 500;

/**
 * Streams a form as XLSX with exceljs's streaming WorkbookWriter: each row is committed as it
 * arrives, so memory does not grow with the number of rows.
 *
 * Layout: title (and subtitle) merged across the table, a one- or two-level header with merged
 * group cells, data rows, the bold ИТОГО row; panes frozen below the header and after
 * `frozenThroughColumn`; widths and number formats from the definition.
 *
 * Formula injection: cells only ever receive primitive strings and numbers (validated by
 * `FormRowNormalizer`), which exceljs writes as string values, never as `<f>` formulas, so
 * `=HYPERLINK(...)`, `+7 999`, `-5` or `@SUM(A1)` in a text column stay text.
 */
export async function writeXlsx(options: XlsxFormWriteOptions): Promise<FormWriteResult> {
  const { definition, columns, title, subtitle, rows, totalRow, output } = options;
  const { leaves, headerRows } = columns;
  const normalizer = new FormRowNormalizer(columns, totalRow);
  const titleRows = subtitle === undefined ? 1 : 2;
  const headerBottom = titleRows + headerRows.length;
  const frozenColumns = definition.frozenThroughColumn
    ? leaves.findIndex((column) => column.key === definition.frozenThroughColumn) + 1
    : 0;

  const { sink, done } = hashedOutput(output);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink,
      useStyles: true,
      // Inline strings (`<c t="str"><v>…</v></c>`, no `<f>`), exceljs's streaming default and
      // the same cell shape excelize's stream writer emits: a shared-string table would keep
      // every distinct school name in memory to the end (measured ~+70 MB for 40 000 schools).
      useSharedStrings: false,
    });
    workbook.creator = 'Mentorship Monitor';
    const sheet = workbook.addWorksheet(definition.sheetName ?? definition.code, {
      views: [
        {
          state: 'frozen',
          xSplit: frozenColumns,
          ySplit: headerBottom,
          topLeftCell: `${columnLetter(frozenColumns + 1)}${headerBottom + 1}`,
        },
      ],
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    sheet.columns = leaves.map((column) => ({ width: column.width }));

    const totalWidth = leaves.reduce((sum, column) => sum + column.width, 0);
    addTitleRow(sheet, 1, title, leaves.length, totalWidth, { ...FONT, bold: true, size: 14 });
    if (subtitle !== undefined) addTitleRow(sheet, 2, subtitle, leaves.length, totalWidth, { ...FONT, italic: true });
    addHeader(sheet, columns, titleRows + 1);
    sheet.lastRow?.commit();

    // Style objects are shared across rows: exceljs caches style ids by object identity.
    const dataStyles = leaves.map((column) => cellStyle(column, false));
    const totalStyles = leaves.map((column) => cellStyle(column, true));
    for await (const row of rows) {
      addStyledRow(sheet, normalizer.normalize(row), dataStyles).commit();
      if (normalizer.count % YIELD_EVERY_ROWS === 0) {
        await new Promise(setImmediate);
        await drained(sink);
      }
    }
    const total = normalizer.totalRow();
    if (total) addStyledRow(sheet, total, totalStyles).commit();

    sheet.commit();
    await workbook.commit();
    await done;
    return { sha256: sink.sha256, bytes: sink.bytes, rows: normalizer.count };
  } catch (error) {
    return abortOutput(sink, done, error);
  }
}

function addTitleRow(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  text: string,
  columnCount: number,
  totalWidth: number,
  font: Partial<ExcelJS.Font>,
): void {
  const row = sheet.getRow(rowNumber);
  const cell = row.getCell(1);
  cell.value = text;
  cell.style = { font, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
  if (columnCount > 1) sheet.mergeCells(rowNumber, 1, rowNumber, columnCount);
  // Wrapped text in a merged cell does not grow the row in Excel; size it from the text.
  const charsPerLine = Math.max(1, (totalWidth * 11) / (font.size ?? 11));
  row.height = Math.ceil(text.length / charsPerLine) * ((font.size ?? 11) + 6);
}

function addHeader(sheet: ExcelJS.Worksheet, columns: ExpandedColumns, firstRow: number): void {
  const style: Partial<ExcelJS.Style> = {
    font: { ...FONT, bold: true },
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    border: BORDER,
    fill: HEADER_FILL,
  };
  const lines = columns.headerRows.map(() => 1);
  for (const cells of columns.headerRows) {
    for (const header of cells) {
      const top = firstRow + header.row;
      const left = header.column + 1;
      const bottom = top + header.rowSpan - 1;
      const right = left + header.colSpan - 1;
      // Every cell of a merged range carries the border, or Excel draws only the master's edges.
      for (let r = top; r <= bottom; r += 1) {
        for (let c = left; c <= right; c += 1) sheet.getCell(r, c).style = style;
      }
      sheet.getCell(top, left).value = header.label;
      if (bottom > top || right > left) sheet.mergeCells(top, left, bottom, right);

      const width = columns.leaves.slice(header.column, header.column + header.colSpan).reduce((sum, leaf) => sum + leaf.width, 0);
      const needed = Math.ceil((header.label.length * 1.15) / Math.max(1, width - 1));
      // A cell spanning both rows may share its lines between them; give any excess to the last.
      const have = lines.slice(header.row, header.row + header.rowSpan).reduce((sum, n) => sum + n, 0);
      if (needed > have) lines[header.row + header.rowSpan - 1] += needed - have;
    }
  }
  lines.forEach((count, i) => {
    sheet.getRow(firstRow + i).height = count * LINE_HEIGHT + 3;
  });
}

function addStyledRow(sheet: ExcelJS.Worksheet, cells: readonly NormalizedCell[], styles: readonly Partial<ExcelJS.Style>[]): ExcelJS.Row {
  const row = sheet.addRow(cells as NormalizedCell[]);
  for (let i = 0; i < styles.length; i += 1) row.getCell(i + 1).style = styles[i];
  return row;
}

function cellStyle(column: LeafColumn, total: boolean): Partial<ExcelJS.Style> {
  return {
    numFmt: NUMBER_FORMATS[column.type],
    border: BORDER,
    alignment:
      column.type === 'text'
        ? { vertical: 'top', wrapText: true }
        : { vertical: 'top', ...(column.autoNumber && { horizontal: 'center' }) },
    ...(total && { font: { ...FONT, bold: true } }),
  };
}

/** 1 → A, 27 → AA. */
function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
