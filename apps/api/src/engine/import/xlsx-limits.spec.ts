import ExcelJS from 'exceljs';
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, readTabularFile } from './tabular-file.reader';
import { XLSX_LIMITS } from './xlsx-archive-check';

interface ZipEntry {
  name: string;
  compressed: Buffer;
  crc: number;
  size: number;
}

/** A minimal zip writer, so a test can state sizes an honest writer would not. */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.compressed);
    centrals.push(central, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const small = (name: string, text: string): ZipEntry => ({
  name,
  compressed: deflateRawSync(text),
  crc: crc32(text),
  size: Buffer.byteLength(text),
});

const SKELETON = [
  small('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
  small(
    'xl/workbook.xml',
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>',
  ),
];

/** A sheet of `megabytes` MiB of rows, deflated as a stream (the test never holds it inflated). */
async function bombSheet(megabytes: number): Promise<{ compressed: Buffer; size: number }> {
  const row = '<row><c t="inlineStr"><is><t>bomb</t></is></c></row>';
  const chunk = Buffer.from(row.repeat(Math.floor((1024 * 1024) / row.length)));
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  for (let i = 0; i < megabytes; i++) if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  return { compressed: Buffer.concat(parts), size: chunk.length * megabytes };
}

async function refusalOf(content: Buffer): Promise<{ message: string; ms: number; rssGrowthMb: number }> {
  const rssBefore = process.resourceUsage().maxRSS;
  const started = Date.now();
  let message = 'accepted';
  try {
    await readTabularFile('bomb.xlsx', content);
  } catch (error) {
    message = (error as Error).message;
  }
  return { message, ms: Date.now() - started, rssGrowthMb: (process.resourceUsage().maxRSS - rssBefore) / 1024 };
}

describe('XLSX import limits', () => {
  it('refuses a zip bomb (256 MiB of sheet XML in a few hundred KB) quickly and with bounded memory', async () => {
    const sheet = await bombSheet(256);
    // Honest sizes: refused from the central directory alone.
    const honest = zip([...SKELETON, { name: 'xl/worksheets/sheet1.xml', compressed: sheet.compressed, crc: 0, size: sheet.size }]);
    expect(honest.length).toBeLessThan(MAX_IMPORT_BYTES);
    const first = await refusalOf(honest);
    expect(first.message).toMatch(/unpacks to more than/);
    expect(first.ms).toBeLessThan(1000);
    // Lying sizes (declared 1 KB): the capped inflate stops it at the budget.
    const lying = zip([...SKELETON, { name: 'xl/worksheets/sheet1.xml', compressed: sheet.compressed, crc: 0, size: 1024 }]);
    const second = await refusalOf(lying);
    expect(second.message).toMatch(/unpacks to more than/);
    expect(second.ms).toBeLessThan(3000);
    expect(second.rssGrowthMb).toBeLessThan((XLSX_LIMITS.uncompressedBytes / 1024 / 1024) * 3);
  }, 60_000);

  it('refuses a workbook with more sheets than allowed before reading any', async () => {
    const sheets = Array.from({ length: XLSX_LIMITS.sheets + 1 }, (_, i) => small(`xl/worksheets/sheet${i + 1}.xml`, '<worksheet/>'));
    expect((await refusalOf(zip([...SKELETON, ...sheets]))).message).toMatch(`more than ${XLSX_LIMITS.sheets} sheets`);
  });

  it('reads with the streaming reader: stops past the row limit and refuses cells beyond the column limit', async () => {
    const wide = new ExcelJS.Workbook();
    const ws = wide.addWorksheet('S');
    ws.addRow(['code', 'name']);
    ws.getCell(2, 16384).value = 'far right';
    const wideResult = await refusalOf(Buffer.from(await wide.xlsx.writeBuffer()));
    expect(wideResult.message).toMatch(`beyond column ${XLSX_LIMITS.columns}`);

    const long = new ExcelJS.Workbook();
    const sheet = long.addWorksheet('S');
    sheet.addRow(['code']);
    for (let i = 0; i < MAX_IMPORT_ROWS + 10; i++) sheet.addRow([`S-${i}`]);
    expect((await refusalOf(Buffer.from(await long.xlsx.writeBuffer()))).message).toMatch(`more than ${MAX_IMPORT_ROWS} rows`);
  });

  it('still reads shared strings, numbers and the first sheet only', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('Школы');
    first.addRow(['code', 'name', 'students']);
    first.addRow(['S-1', 'Школа № 1', 812]);
    workbook.addWorksheet('Other').addRow(['ignored']);
    expect(await readTabularFile('list.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()))).toEqual([
      { line: 2, values: { code: 'S-1', name: 'Школа № 1', students: '812' } },
    ]);
  });
});
