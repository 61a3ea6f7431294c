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
