import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import * as ExcelJS from 'exceljs';

import { writeCsv } from './csv-form.writer';
import { expandColumns } from './form-columns';
import { loadFormDefinition } from './form-definition.loader';
import { FormRow } from './form-rows';
import { writeXlsx } from './xlsx-form.writer';

// A region-sized summary from an async generator, as a database cursor would deliver it.
const ROWS = 20_000;

describe('streaming 20 000 rows', () => {
  const definition = loadFormDefinition('MONITORING_SUMMARY', 1);
  const columns = expandColumns(definition);
  const totalRow: FormRow = { menteeTarget: 1, mentorTarget: 2, coverage: 3.3, progress: 4.4 };
  let dir: string;

  function row(i: number): FormRow {
    return {
      code: String(100000 + i),
      name: `МБОУ «Средняя общеобразовательная школа № ${i}»`,
      students: 500 + (i % 97),
      menteeTarget: 100,
      mentorTarget: 10,
      menteesStudents: i % 50,
      menteesStudentStudent: 1,
      menteesTeacherStudent: 2,
      menteesUniversityStudentStudent: 3,
      menteesEmployerStudent: 4,
      mentorsStudents: 5,
      mentorsTeachers: 6,
      mentorsEmployer: 7,
      mentorsUniversityStudent: 8,
      mentorsGraduate: 9,
      mentorsParent: 10,
      mentorsOther: 11,
      coverage: (i % 1000) / 10,
      progress: 50.5,
      status: 'ON_TRACK',
      reportStatus: 'SUBMITTED',
    };
  }
  async function* rows(): AsyncGenerator<FormRow> {
    for (let i = 0; i < ROWS; i += 1) yield row(i);
  }
  const expectedStudents = Array.from({ length: ROWS }, (_, i) => 500 + (i % 97)).reduce((a, b) => a + b, 0);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'form-stream-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes XLSX row by row and reads back every row', async () => {
    const path = join(dir, 'summary.xlsx');
    const result = await writeXlsx({
      definition,
      columns,
      title: 'Сводный мониторинг',
      rows: rows(),
      totalRow,
      output: createWriteStream(path),
    });
    expect(result.rows).toBe(ROWS);
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));

    // Read back with the streaming reader too, so the check itself stays light.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), { sharedStrings: 'cache', worksheets: 'emit' });
    let count = 0;
    let last: ExcelJS.Row | undefined;
    for await (const sheet of reader) {
      for await (const excelRow of sheet) {
        if (excelRow.number > 3) {
          count += 1;
          last = excelRow;
          if (excelRow.number - 4 < ROWS && (excelRow.number - 4) % 4999 === 0) {
            const expected = row(excelRow.number - 4);
            expect(excelRow.getCell(1).value).toBe(expected.code);
            expect(excelRow.getCell(2).value).toBe(expected.name);
            expect(excelRow.getCell(3).value).toBe(expected.students);
            expect(excelRow.getCell(18).value).toBe(expected.coverage);
          }
        }
      }
    }
    expect(count).toBe(ROWS + 1);
    expect(last?.getCell(2).value).toBe('ИТОГО');
    expect(last?.getCell(3).value).toBe(expectedStudents);
  });

  it('completes against a slow output, honouring its backpressure', async () => {
    let bytes = 0;
    let maxBuffered = 0;
    const slow = () =>
      new Writable({
        highWaterMark: 16 * 1024,
        write(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          maxBuffered = Math.max(maxBuffered, this.writableLength);
          setTimeout(callback, 0);
        },
      });
    const csv = await writeCsv({ columns, rows: rows(), totalRow, output: slow() });
    expect(csv.bytes).toBe(bytes);
    bytes = 0;
    const xlsx = await writeXlsx({ definition, columns, title: 't', rows: rows(), totalRow, output: slow() });
    expect(xlsx.bytes).toBe(bytes);
    expect(maxBuffered).toBeLessThan(1024 * 1024);
  });

  it('writes CSV with the same rows and total', async () => {
    const path = join(dir, 'summary.csv');
    const result = await writeCsv({ columns, rows: rows(), totalRow, output: createWriteStream(path) });
    const bytes = readFileSync(path);
    expect(result).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, rows: ROWS });
    const lines = bytes.toString('utf8').split('\r\n');
    expect(lines).toHaveLength(ROWS + 3); // header, rows, ИТОГО, trailing empty
    expect(lines[ROWS + 1].split(';').slice(1, 3)).toEqual(['ИТОГО', String(expectedStudents)]);
  });
});
