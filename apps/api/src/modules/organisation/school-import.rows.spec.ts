import { parseImportTable, validateImportRows } from './school-import.rows';

const table = (rows: Record<string, string>[]) => rows.map((values, i) => ({ line: i + 2, values }));
const none = { codes: new Set<string>(), emails: new Set<string>() };

describe('school import rows', () => {
  it('normalises e-mails and treats empty cells as absent', () => {
    const { rows, errors } = parseImportTable(
      table([{ code: 'S1', name: 'Школа', inn: '', curator_email: ' A@X.test ', curator_name: '' }]),
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, code: 'S1', name: 'Школа', inn: null, curatorEmail: 'a@x.test', curatorName: null, curatorPassword: null },
    ]);
  });

  it('reports missing and unknown columns on the header, and not again on each row', () => {
    const parsed = parseImportTable(table([{ code: 'S1', naem: 'x' }]));
    expect(parsed.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'name'],
      [1, 'naem'],
    ]);
    expect(validateImportRows(parsed.rows, none, parsed.missingColumns)).toEqual([]);
  });

  it('finds duplicates within the file and against the database, pointing at the first line', () => {
    const { rows } = parseImportTable(
      table([
        { code: 'S1', name: 'a', curator_email: 'c1@x.test' },
        { code: 'S1', name: 'b', curator_email: 'C1@x.test' },
        { code: 'OLD', name: 'c', curator_email: 'taken@x.test' },
      ]),
    );
    const errors = validateImportRows(rows, { codes: new Set(['OLD']), emails: new Set(['taken@x.test']) });
    expect(errors).toEqual([
      { line: 3, field: 'code', message: 'duplicates line 2' },
      { line: 3, field: 'curator_email', message: 'duplicates line 2' },
      { line: 4, field: 'code', message: 'a school with this code already exists in the district' },
      { line: 4, field: 'curator_email', message: 'an account with this e-mail already exists' },
    ]);
  });

  it('applies the rules of the single-record mutations', () => {
    const { rows } = parseImportTable(
      table([{ code: 'X'.repeat(33), name: '', inn: '12ab', curator_email: '', curator_name: 'Без почты', curator_password: 'short' }]),
    );
    expect(validateImportRows(rows, none).map((e) => e.field)).toEqual(['code', 'name', 'inn', 'curator_email', 'curator_email']);
    const weak = parseImportTable(table([{ code: 'S', name: 'n', curator_email: 'a@x.test', curator_password: 'short' }]));
    expect(validateImportRows(weak.rows, none).map((e) => e.field)).toEqual(['curator_password']);
  });
});
