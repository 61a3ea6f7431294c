import ExcelJS from 'exceljs';
import { readCsv, readTabularFile, TabularFileError } from './tabular-file.reader';

describe('readTabularFile', () => {
  it('reads a ;-separated CSV with BOM, quotes, embedded delimiters and CRLF', async () => {
    const csv = '\uFEFFКод;Наименование;Students\r\nS-1;"Школа ""Радуга""; корпус 2";540\r\n\r\nS-2;Лицей;300\r\n';
    const rows = await readTabularFile('list.csv', Buffer.from(csv));
    expect(rows).toEqual([
      { line: 2, values: { код: 'S-1', наименование: 'Школа "Радуга"; корпус 2', students: '540' } },
      { line: 4, values: { код: 'S-2', наименование: 'Лицей', students: '300' } },
    ]);
  });

  it('detects a comma delimiter and keeps line numbers across quoted line breaks', () => {
    expect(readCsv('a,b\n"x\ny",2\nz,3')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', '2'] },
      { line: 4, cells: ['z', '3'] },
    ]);
  });

  it('reads quoted fields: delimiters, doubled quotes and line breaks inside, empty quoted cells', () => {
    expect(readCsv('code;name;note\n"S-1";"Школа ""Радуга""";"a;b"\n"S-2";"";"строка 1\nстрока 2"\n')).toEqual([
      { line: 1, cells: ['code', 'name', 'note'] },
      { line: 2, cells: ['S-1', 'Школа "Радуга"', 'a;b'] },
      { line: 3, cells: ['S-2', '', 'строка 1\nстрока 2'] },
    ]);
  });

  it('drops a UTF-8 BOM before the first header', async () => {
    const rows = await readTabularFile(
      'list.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('code,students\nS-1,10\n')]),
    );
    expect(rows).toEqual([{ line: 2, values: { code: 'S-1', students: '10' } }]);
    expect(readCsv('\uFEFFcode;name')[0]!.cells).toEqual(['code', 'name']);
  });

  it('takes the delimiter the header has more of: with ; a decimal comma stays text, with , a semicolon does', () => {
    expect(readCsv('code;share\nS-1;12,5')).toEqual([
      { line: 1, cells: ['code', 'share'] },
      { line: 2, cells: ['S-1', '12,5'] },
    ]);
    expect(readCsv('code,name,students\nS-1,a;b,7')).toEqual([
      { line: 1, cells: ['code', 'name', 'students'] },
      { line: 2, cells: ['S-1', 'a;b', '7'] },
    ]);
  });

  it('reads CRLF, LF and a missing final line break alike, counting empty lines', () => {
    const expected = [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['1', '2'] },
    ];
    expect(readCsv('a;b\r\n\r\n1;2\r\n')).toEqual(expected);
    expect(readCsv('a;b\n\n1;2\n')).toEqual(expected);
    expect(readCsv('a;b\n\n1;2')).toEqual(expected);
    expect(readCsv('a;b\r\n"x\r\ny";2\rz;3')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', '2'] },
      { line: 4, cells: ['z', '3'] },
    ]);
  });

  it('keeps rows shorter or longer than the header, and a quote inside an unquoted field', async () => {
    const rows = await readTabularFile('list.csv', Buffer.from('code;name\nS-1\nS-2;Лицей;лишнее\nS-3;ООО Школа "Лира"'));
    expect(rows).toEqual([
      { line: 2, values: { code: 'S-1', name: '' } },
      { line: 3, values: { code: 'S-2', name: 'Лицей' } },
      { line: 4, values: { code: 'S-3', name: 'ООО Школа "Лира"' } },
    ]);
  });

  it('names the line of an unclosed quote', async () => {
    await expect(readTabularFile('list.csv', Buffer.from('a;b\n1;2\n"open;1\n2;3'))).rejects.toThrow(
      'line 3: a quoted field is not closed',
    );
  });

  it('reads the first sheet of an XLSX workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Школы');
    sheet.addRow(['code', 'name', 'students']);
    sheet.addRow(['S-1', 'Школа № 1', 812]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readTabularFile('list.XLSX', buffer)).toEqual([{ line: 2, values: { code: 'S-1', name: 'Школа № 1', students: '812' } }]);
  });

  it('refuses other formats, broken workbooks and unclosed quotes', async () => {
    await expect(readTabularFile('list.txt', Buffer.from('a'))).rejects.toBeInstanceOf(TabularFileError);
    await expect(readTabularFile('list.xlsx', Buffer.from('not a zip'))).rejects.toThrow('not a readable .xlsx');
    await expect(readTabularFile('list.csv', Buffer.from('a;b\n"open;1'))).rejects.toThrow('not closed');
  });
});
