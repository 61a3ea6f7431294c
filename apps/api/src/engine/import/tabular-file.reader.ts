import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { checkXlsxArchive, XLSX_LIMITS, XlsxArchiveError } from './xlsx-archive-check';

/** One data row of an uploaded table, keyed by normalised header, with its 1-based line/row number. */
export interface TabularRow {
  line: number;
  values: Record<string, string>;
}

export class TabularFileError extends Error {}

export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

/**
 * Reads the CSV or XLSX a district keeps its lists in: the first sheet (or the CSV), a header row,
 * then data rows. CSV may be `;` or `,` separated (detected from the header), with or without BOM.
 * Headers are matched case-insensitively after trimming; empty rows are skipped.
 */
export async function readTabularFile(fileName: string, content: Buffer): Promise<TabularRow[]> {
  if (content.length > MAX_IMPORT_BYTES) throw new TabularFileError(`the file is larger than ${MAX_IMPORT_BYTES / 1024} KiB`);
  const lower = fileName.toLowerCase();
  const rows = lower.endsWith('.xlsx') ? await readXlsx(content) : lower.endsWith('.csv') ? readCsv(content.toString('utf8')) : null;
  if (!rows) throw new TabularFileError('the file must be .csv or .xlsx');
  if (rows.length === 0) throw new TabularFileError('the file has no header row');
  const headers = rows[0]!.cells.map((h) => normaliseHeader(h));
  const data: TabularRow[] = [];
  for (const row of rows.slice(1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h) values[h] = (row.cells[i] ?? '').trim();
    });
    data.push({ line: row.line, values });
  }
  if (data.length > MAX_IMPORT_ROWS) throw new TabularFileError(`the file has more than ${MAX_IMPORT_ROWS} rows`);
  return data;
}

export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '_');
}

/**
 * RFC 4180 with `;` or `,` (whichever the header line has more of), read by csv-parse: quoted fields
 * may hold delimiters, doubled quotes and line breaks; a stray quote inside an unquoted field is
 * kept as text. Line breaks (CRLF, LF, CR) become LF first, as csv-parse counts lines only for one
 * kind. Each row keeps the line it starts on (empty lines count, and come back as one empty cell).
 */
export function readCsv(text: string): { line: number; cells: string[] }[] {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = source.split('\n', 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: { line: number; cells: string[] }[] = [];
  // Every line belongs to a record, so a record starts on the line after the one the previous ended on.
  let nextLine = 1;
  try {
    parse(source, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      on_record: (cells: string[], context) => {
        rows.push({ line: nextLine, cells });
        nextLine = context.lines + 1;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const what = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is not closed' : error.message;
    throw new TabularFileError(`line ${nextLine}: ${what}`);
  }
  return rows;
}

/**
 * The first sheet, read with exceljs' streaming reader after the archive passed its limits
 * (uncompressed size, parts, sheets): rows are parsed one at a time and reading stops past the row
 * limit; a row with cells beyond the column limit is refused.
 */
async function readXlsx(content: Buffer): Promise<{ line: number; cells: string[] }[]> {
  try {
    checkXlsxArchive(content);
  } catch (error) {
    if (error instanceof XlsxArchiveError) throw new TabularFileError(error.message);
    throw error;
  }
  const rows: { line: number; cells: string[] }[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(content), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (row.cellCount > XLSX_LIMITS.columns) {
          throw new TabularFileError(`row ${row.number} has cells beyond column ${XLSX_LIMITS.columns}; keep only the list's columns`);
        }
        const cells: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
        if (cells.every((v) => v.trim() === '')) continue;
        rows.push({ line: row.number, cells });
        // The header plus one row past the limit is enough to refuse the file.
        if (rows.length > MAX_IMPORT_ROWS + 1) return rows;
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof TabularFileError) throw error;
    throw new TabularFileError('the file is not a readable .xlsx workbook');
  }
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result === undefined ? '' : String(value.result);
    return '';
  }
  return String(value);
}
