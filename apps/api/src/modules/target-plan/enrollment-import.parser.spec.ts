import { missingColumns, parseEnrollmentRows } from './enrollment-import.parser';

const row = (line: number, values: Record<string, string>) => ({
  line,
  values: { school_code: '', year: '', students: '', mentor_base: '', ...values },
});

describe('parseEnrollmentRows', () => {
  it('parses whole numbers, spaced thousands and an empty mentor base', () => {
    const result = parseEnrollmentRows([
      row(2, { school_code: ' КЛН-01 ', year: '2020', students: '1 205', mentor_base: '450' }),
      row(3, { school_code: 'КЛН-02', year: '2021', students: '96', mentor_base: '' }),
      row(4, { school_code: 'КЛН-03', year: '2022', students: '1\u00a0030', mentor_base: '0' }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, schoolCode: 'КЛН-01', year: 2020, students: 1205, mentorBase: 450 },
      { line: 3, schoolCode: 'КЛН-02', year: 2021, students: 96, mentorBase: null },
      { line: 4, schoolCode: 'КЛН-03', year: 2022, students: 1030, mentorBase: 0 },
    ]);
  });

  it('reports every bad cell with its line and column', () => {
    const result = parseEnrollmentRows([
      row(2, { school_code: '', year: '1999', students: '-5', mentor_base: 'many' }),
      row(3, { school_code: 'A', year: '2020.5', students: '12.5', mentor_base: '' }),
      row(4, { school_code: 'A', year: '2101', students: '100', mentor_base: '101' }),
      row(5, { school_code: 'A', year: '2020', students: '3000000000', mentor_base: '' }),
      row(6, { school_code: 'A', year: '2020', students: '1 20', mentor_base: '' }),
    ]);
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'school_code'],
      [2, 'year'],
      [2, 'students'],
      [2, 'mentor_base'],
      [3, 'year'],
      [3, 'students'],
      [4, 'year'],
      [4, 'mentor_base'],
      [5, 'students'],
      [6, 'students'],
    ]);
    expect(result.errors.find((e) => e.line === 4 && e.field === 'mentor_base')!.message).toBe('mentor_base 101 is more than students 100');
  });

  it('refuses the same school and year twice, on the later line', () => {
    const result = parseEnrollmentRows([
      row(2, { school_code: 'A', year: '2020', students: '10' }),
      row(3, { school_code: 'B', year: '2020', students: '10' }),
      row(4, { school_code: 'A', year: '2020', students: '11' }),
    ]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(result.errors).toEqual([{ line: 4, field: 'year', message: 'A 2020 is already on line 2' }]);
  });
});

describe('missingColumns', () => {
  it('lists the required columns the header lacks', () => {
    expect(missingColumns([{ line: 2, values: { school_code: 'A', year: '2020', students: '1' } }])).toEqual(['mentor_base']);
    expect(missingColumns([row(2, {})])).toEqual([]);
  });
});
