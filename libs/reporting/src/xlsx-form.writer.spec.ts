import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import * as ExcelJS from 'exceljs';
// exceljs's own zip dependency, used here only to look at the raw sheet XML.
import JSZip from 'jszip';

import { expandColumns, yearColumnKey } from './form-columns';
import { loadFormDefinition } from './form-definition.loader';
import { FormRow, FormRowError } from './form-rows';
import { renderTitle } from './form-title';
import { writeXlsx } from './xlsx-form.writer';

const YEARS = [2020, 2021, 2022, 2023, 2024];
const INJECTIONS = ['=HYPERLINK("http://evil.example","click")', '+7 999 123-45-67', '-5', '@SUM(A1)', '\tТаб', '=1+1'];

async function* generate<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function readSheet(path: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets[0];
}

async function sheetXml(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  return zip.file('xl/worksheets/sheet1.xml')!.async('string');
}

describe('writeXlsx', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xlsx-form-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('target plan', () => {
    const definition = loadFormDefinition('TARGET_PLAN');
    const columns = expandColumns(definition, { years: YEARS });
    const schools = ['МБОУ «СОШ № 1»', 'МАОУ «Лицей № 2»', ...INJECTIONS];
    const rows: FormRow[] = schools.map((name, i) => {
      const row: Record<string, string | number> = { name };
      YEARS.forEach((year, y) => {
        row[yearColumnKey('menteeTarget', year)] = 10 * (i + 1) + y;
        row[yearColumnKey('mentorTarget', year)] = i + y;
      });
      return row;
    });
    // From the district's total base, deliberately not the column sums.
    const totalRow: FormRow = Object.fromEntries(
      YEARS.flatMap((year, y) => [
        [yearColumnKey('menteeTarget', year), 1000 + y],
        [yearColumnKey('mentorTarget', year), 100 + y],
      ]),
    );
    const title = renderTitle(definition.titleRu, { scopeName: 'Калининский район', period: '2020–2024 годы' });
    let path: string;
    let result: Awaited<ReturnType<typeof writeXlsx>>;
    let sheet: ExcelJS.Worksheet;

    beforeAll(async () => {
      path = join(dir, 'plan.xlsx');
      result = await writeXlsx({
        definition,
        columns,
        title,
        subtitle: 'Приложение 1 к приказу',
        rows: generate(rows),
        totalRow,
        output: createWriteStream(path),
      });
      sheet = await readSheet(path);
    });

    it('returns the SHA-256 and size of the bytes written, and the row count', () => {
      const bytes = readFileSync(path);
      expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(result.bytes).toBe(bytes.length);
      expect(result.rows).toBe(schools.length);
    });

    it('writes the title and subtitle merged across the table', () => {
      expect(sheet.name).toBe('План');
      expect(sheet.getCell('A1').value).toBe(
        'План вовлечения обучающихся в различные формы наставничества на 2020–2024 годы: Калининский район',
      );
      expect(sheet.getCell('A1').font.bold).toBe(true);
      expect(sheet.getCell('L1').isMerged).toBe(true);
      expect(sheet.getCell('L1').master.address).toBe('A1');
      expect(sheet.getCell('A2').value).toBe('Приложение 1 к приказу');
      expect(sheet.getCell('L2').master.address).toBe('A2');
    });

    it('writes a two-level header with merged year groups', () => {
      expect(sheet.getCell('A3').value).toBe('№ п/п');
      expect(sheet.getCell('A4').master.address).toBe('A3');
      expect(sheet.getCell('B3').value).toBe('Наименование образовательной организации');
      expect(sheet.getCell('B4').master.address).toBe('B3');
      const groupCells = ['C', 'E', 'G', 'I', 'K'];
      YEARS.forEach((year, i) => {
        const master = `${groupCells[i]}3`;
        const next = `${String.fromCharCode(groupCells[i].charCodeAt(0) + 1)}3`;
        expect(sheet.getCell(master).value).toBe(String(year));
        expect(sheet.getCell(next).isMerged).toBe(true);
        expect(sheet.getCell(next).master.address).toBe(master);
        expect(sheet.getCell(`${groupCells[i]}4`).value).toBe('Обучающиеся-наставляемые, чел.');
        expect(sheet.getCell(`${groupCells[i]}4`).isMerged).toBe(false);
      });
      expect(sheet.getCell('L4').value).toBe('Обучающиеся-наставники, чел.');
      for (const address of ['A3', 'C3', 'D3', 'L4', 'A4']) {
        const cell = sheet.getCell(address);
        expect(cell.border.top?.style).toBe('thin');
        expect(cell.border.bottom?.style).toBe('thin');
        expect(cell.font.bold).toBe(true);
      }
    });

    it('freezes the panes below the header and after the name column', () => {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 4, topLeftCell: 'C5' });
    });

    it('sets the column widths', () => {
      expect(sheet.columns.map((column) => column.width)).toEqual(columns.leaves.map((leaf) => leaf.width));
    });

    it('writes every data cell with its type and number format', () => {
      rows.forEach((row, i) => {
        const excelRow = sheet.getRow(5 + i);
        expect(excelRow.getCell(1).value).toBe(i + 1); // autoNumber
        columns.leaves.slice(1).forEach((leaf, j) => {
          const cell = excelRow.getCell(j + 2);
          expect(cell.value).toBe(row[leaf.key]);
          expect(cell.numFmt).toBe(leaf.type === 'text' ? '@' : '0');
          expect(cell.border.left?.style).toBe('thin');
        });
      });
      expect(sheet.getCell('C5').type).toBe(ExcelJS.ValueType.Number);
    });

    it('ends with the bold ИТОГО row holding the provided totals', () => {
      const total = sheet.getRow(5 + rows.length);
      expect(total.getCell(1).value).toBeNull();
      expect(total.getCell(2).value).toBe('ИТОГО');
      expect(total.getCell(2).font.bold).toBe(true);
      columns.leaves.slice(2).forEach((leaf, j) => {
        expect(total.getCell(j + 3).value).toBe(totalRow[leaf.key]);
        expect(total.getCell(j + 3).font.bold).toBe(true);
      });
      expect(sheet.rowCount).toBe(5 + rows.length);
    });

    it('writes formula-like names as strings, never as formulas', async () => {
      INJECTIONS.forEach((text, i) => {
        const cell = sheet.getCell(`B${7 + i}`);
        expect(cell.value).toBe(text);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
      });
      const xml = await sheetXml(path);
      expect(xml).not.toMatch(/<f[ >]/);
      // A plain value (`<v>`) of a text cell; a formula would be an `<f>` element.
      expect(xml).toMatch(/<c r="B7" s="\d+" t="str"><v>=HYPERLINK\(&quot;http:\/\/evil\.example&quot;,&quot;click&quot;\)<\/v><\/c>/);
      expect(xml).toContain('<v>@SUM(A1)</v>');
    });
  });

  describe('monitoring summary', () => {
    const definition = loadFormDefinition('MONITORING_SUMMARY', 1);
    const columns = expandColumns(definition);
    const counts = (base: number) =>
      Object.fromEntries(columns.leaves.filter((leaf) => leaf.type === 'integer').map((leaf, i) => [leaf.key, base + i]));
    const rows: FormRow[] = [
      { ...counts(100), code: '001', name: 'Школа № 1', coverage: 33.3, progress: 87.5, status: 'ON_TRACK', reportStatus: 'APPROVED' },
      {
        ...counts(200),
        code: '002',
        name: 'Школа № 2',
        coverage: 0,
        progress: null,
        status: 'NO_DATA',
        reportStatus: 'NOT_SUBMITTED',
        students: null,
      },
    ];
    const totalRow: FormRow = { menteeTarget: 555, mentorTarget: 66, coverage: 41.7, progress: 95.2 };
    let sheet: ExcelJS.Worksheet;

    beforeAll(async () => {
      const path = join(dir, 'summary.xlsx');
      await writeXlsx({ definition, columns, title: 'Сводный мониторинг', rows: rows, totalRow, output: createWriteStream(path) });
      sheet = await readSheet(path);
    });

    it('writes percentages as numbers with one decimal and codes as Russian labels', () => {
      const coverage = sheet.getCell(4, 18);
      expect(coverage.value).toBe(33.3);
      expect(coverage.type).toBe(ExcelJS.ValueType.Number);
      expect(coverage.numFmt).toBe('0.0');
      expect(sheet.getCell(4, 20).value).toBe('По плану');
      expect(sheet.getCell(4, 21).value).toBe('Утверждён');
      expect(sheet.getCell(5, 20).value).toBe('Нет данных');
      expect(sheet.getCell(5, 21).value).toBe('Не представлен');
      expect(sheet.getCell(5, 3).value).toBeNull();
      expect(sheet.getCell(5, 19).value).toBeNull();
      expect(sheet.views[0]).toMatchObject({ xSplit: 2, ySplit: 3, topLeftCell: 'C4' });
    });

    it('sums the SUM columns and takes targets and ratios from the provided total', () => {
      const total = sheet.getRow(6);
      const byKey = Object.fromEntries(columns.leaves.map((leaf, i) => [leaf.key, total.getCell(i + 1).value]));
      expect(byKey).toMatchObject({ code: null, name: 'ИТОГО', status: null, reportStatus: null, ...totalRow });
      expect(byKey.students).toBe(100); // the second school's null is skipped
      expect(byKey.menteesStudents).toBe((rows[0].menteesStudents as number) + (rows[1].menteesStudents as number));
      expect(byKey.mentorsOther).toBe((rows[0].mentorsOther as number) + (rows[1].mentorsOther as number));
    });
  });

  describe('bad input', () => {
    const definition = loadFormDefinition('TARGET_PLAN');
    const columns = expandColumns(definition, { years: [2024] });

    it('refuses a missing PROVIDED total before writing anything', async () => {
      const chunks: Buffer[] = [];
      const output = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      });
      await expect(writeXlsx({ definition, columns, title: 't', rows: [], totalRow: { menteeTarget_2024: 1 }, output })).rejects.toThrow(
        'ИТОГО row, column "mentorTarget_2024": must be provided',
      );
      expect(chunks).toHaveLength(0);
    });

    it('fails with the row and column of a bad value and closes the output', async () => {
      async function* rows(): AsyncGenerator<FormRow> {
        yield { name: 'Школа', menteeTarget_2024: 1, mentorTarget_2024: 1 };
        yield { name: 'Школа', menteeTarget_2024: '12', mentorTarget_2024: 1 };
      }
      const output = createWriteStream(join(dir, 'bad.xlsx'));
      const error = await writeXlsx({
        definition,
        columns,
        title: 't',
        rows: rows(),
        totalRow: { menteeTarget_2024: 1, mentorTarget_2024: 1 },
        output,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FormRowError);
      expect((error as Error).message).toBe('Row 2, column "menteeTarget_2024": expected an integer, got "12"');
      expect(output.destroyed).toBe(true);
    });

    it('requires every column in a row', async () => {
      await expect(
        writeXlsx({
          definition,
          columns,
          title: 't',
          rows: [{ name: 'Школа', menteeTarget_2024: 1 }],
          totalRow: { menteeTarget_2024: 1, mentorTarget_2024: 1 },
          output: createWriteStream(join(dir, 'missing.xlsx')),
        }),
      ).rejects.toThrow('Row 1, column "mentorTarget_2024": missing (use null for a blank cell)');
    });
  });
});
