import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';

import { parse } from 'csv-parse/sync';

import { writeCsv } from './csv-form.writer';
import { expandColumns, yearColumnKey } from './form-columns';
import { loadFormDefinition } from './form-definition.loader';
import { FormRow } from './form-rows';

/** Collects what a writer sends to its output. */
function memoryOutput(): { output: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { output, bytes: () => Buffer.concat(chunks) };
}

/** csv-parse reads it back: the quoting round-trips (strict quotes, CRLF records). */
function parseCsv(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, record_delimiter: '\r\n' });
}

describe('writeCsv', () => {
  const summary = loadFormDefinition('MONITORING_SUMMARY', 1);
  const columns = expandColumns(summary);
  const integerKeys = columns.leaves.filter((leaf) => leaf.type === 'integer').map((leaf) => leaf.key);
  const counts = (base: number) => Object.fromEntries(integerKeys.map((key, i) => [key, base + i]));
  const rows: FormRow[] = [
    {
      ...counts(10),
      code: '001',
      name: 'МБОУ «СОШ № 1»; корпус "А"',
      coverage: 33.3,
      progress: 100,
      status: 'ACHIEVED',
      reportStatus: 'APPROVED',
    },
    {
      ...counts(20),
      code: '002',
      name: 'Лицей\r\nвторая строка',
      coverage: 0.5,
      progress: 12.25,
      status: 'BEHIND',
      reportStatus: 'SUBMITTED',
    },
    {
      ...counts(30),
      code: '-5',
      name: '=HYPERLINK("http://evil.example")',
      coverage: null,
      progress: null,
      status: 'NO_DATA',
      reportStatus: 'NOT_SUBMITTED',
    },
    {
      ...counts(40),
      code: '+7 999',
      name: '@SUM(A1)',
      coverage: 1e-7,
      progress: 7,
      status: 'AT_RISK',
      reportStatus: 'RETURNED',
      students: null,
    },
  ];
  const totalRow: FormRow = { menteeTarget: 500, mentorTarget: 50, coverage: 41.7, progress: 88.8 };

  async function write(delimiter?: ';' | ',') {
    const { output, bytes } = memoryOutput();
    async function* stream(): AsyncGenerator<FormRow> {
      yield* rows;
    }
    const result = await writeCsv({ columns, rows: stream(), totalRow, output, ...(delimiter && { delimiter }) });
    return { result, bytes: bytes() };
  }

  it('writes UTF-8 with BOM, CRLF line endings and a header of leaf labels', async () => {
    const { bytes } = await write();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/); // no bare LF line ends
    expect(text.split('\r\n')).toHaveLength(1 + rows.length + 1 + 1 + 1); // + CRLF inside one quoted name
    const [header] = parseCsv(text, ';');
    expect(header).toEqual(columns.leaves.map((leaf) => leaf.headerLabel));
    expect(header.slice(0, 6)).toEqual([
      'Код',
      'Наименование ОО (муниципального образования)',
      'Обучающиеся (контингент), чел.',
      'Целевой показатель года, чел.: обучающиеся-наставляемые',
      'Целевой показатель года, чел.: обучающиеся-наставники',
      'Обучающиеся-наставляемые, чел.: всего (без повторного счёта)',
    ]);
  });

  it('quotes per RFC 4180, neutralises formula-like text and writes decimal commas with ";"', async () => {
    const { bytes, result } = await write(';');
    const text = bytes.toString('utf8');
    expect(text).toContain(';"МБОУ «СОШ № 1»; корпус ""А""";');
    expect(text).toContain(';"Лицей\r\nвторая строка";');
    expect(text).toContain(`'-5;"'=HYPERLINK(""http://evil.example"")";`);
    expect(text).toContain(`'+7 999;'@SUM(A1);`);

    const [, ...records] = parseCsv(text.slice(1), ';');
    expect(records).toHaveLength(rows.length + 1);
    expect(result.rows).toBe(rows.length);
    const at = (record: string[], key: string) => record[columns.leaves.findIndex((leaf) => leaf.key === key)];

    expect(records.map((r) => at(r, 'name'))).toEqual([
      'МБОУ «СОШ № 1»; корпус "А"',
      'Лицей\r\nвторая строка',
      `'=HYPERLINK("http://evil.example")`,
      `'@SUM(A1)`,
      'ИТОГО',
    ]);
    expect(records.map((r) => at(r, 'coverage'))).toEqual(['33,3', '0,5', '', '0,0000001', '41,7']);
    expect(records.map((r) => at(r, 'progress'))).toEqual(['100', '12,25', '', '7', '88,8']);
    expect(records.map((r) => at(r, 'status'))).toEqual(['Показатель достигнут', 'Отставание', 'Нет данных', 'Риск отставания', '']);

    // Every integer cell, and the ИТОГО: SUM columns summed (nulls skipped), targets provided.
    rows.forEach((row, i) => {
      for (const key of integerKeys) expect(at(records[i], key)).toBe(row[key] === null ? '' : String(row[key]));
    });
    const total = records[rows.length];
    for (const key of integerKeys) {
      const expected =
        key === 'menteeTarget' || key === 'mentorTarget'
          ? totalRow[key]
          : rows.reduce((sum, row) => sum + ((row[key] as number | null) ?? 0), 0);
      expect(at(total, key)).toBe(String(expected));
    }
    expect(at(total, 'students')).toBe(String(10 + 20 + 30));
    expect(at(total, 'code')).toBe('');
  });

  it('uses "." decimals and quotes "," fields with the "," delimiter', async () => {
    const { bytes } = await write(',');
    const text = bytes.toString('utf8').slice(1);
    const [header, first] = parseCsv(text, ',');
    expect(header[3]).toBe('Целевой показатель года, чел.: обучающиеся-наставляемые');
    expect(text.split('\r\n')[0]).toContain('"Целевой показатель года, чел.: обучающиеся-наставляемые"');
    expect(first[columns.leaves.findIndex((leaf) => leaf.key === 'coverage')]).toBe('33.3');
  });

  it('returns the SHA-256 and size of exactly the bytes written', async () => {
    const { bytes, result } = await write();
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.bytes).toBe(bytes.length);
    // CSV is deterministic: the same rows give the same hash.
    expect((await write()).result.sha256).toBe(result.sha256);
  });

  it('writes the target plan with year-prefixed headers and the provided ИТОГО', async () => {
    const plan = loadFormDefinition('TARGET_PLAN');
    const planColumns = expandColumns(plan, { years: [2020, 2021] });
    const { output, bytes } = memoryOutput();
    const row = (name: string, n: number): FormRow => ({
      name,
      [yearColumnKey('menteeTarget', 2020)]: n,
      [yearColumnKey('mentorTarget', 2020)]: n + 1,
      [yearColumnKey('menteeTarget', 2021)]: n + 2,
      [yearColumnKey('mentorTarget', 2021)]: n + 3,
    });
    await writeCsv({
      columns: planColumns,
      rows: [row('Школа № 1', 10), row('Школа № 2', 20)],
      totalRow: { menteeTarget_2020: 31, mentorTarget_2020: 32, menteeTarget_2021: 33, mentorTarget_2021: 34 },
      output,
    });
    expect(bytes().toString('utf8')).toBe(
      '\uFEFF№ п/п;Наименование образовательной организации;' +
        '2020: Обучающиеся-наставляемые, чел.;2020: Обучающиеся-наставники, чел.;' +
        '2021: Обучающиеся-наставляемые, чел.;2021: Обучающиеся-наставники, чел.\r\n' +
        '1;Школа № 1;10;11;12;13\r\n' +
        '2;Школа № 2;20;21;22;23\r\n' +
        ';ИТОГО;31;32;33;34\r\n',
    );
  });

  it('rejects an unknown status code with the row and column', async () => {
    const { output } = memoryOutput();
    await expect(writeCsv({ columns, rows: [{ ...rows[0], status: 'LATE' }], totalRow, output })).rejects.toThrow(
      'Row 1, column "status": unknown value "LATE" (expected NO_DATA, ACHIEVED, ON_TRACK, AT_RISK, BEHIND)',
    );
  });

  it('refuses totals for SUM columns and a total row on a form without one', async () => {
    const { output } = memoryOutput();
    await expect(writeCsv({ columns, rows: [], totalRow: { ...totalRow, students: 1 }, output })).rejects.toThrow(
      'ИТОГО row, column "students": summed by the writer (SUM); do not provide it',
    );
  });
});
