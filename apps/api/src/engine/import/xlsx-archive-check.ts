import { inflateRawSync } from 'node:zlib';

/**
 * Limits an .xlsx archive must keep before any XML parser sees it. The declared sizes of the
 * central directory are checked first (cheap), then every entry is inflated with a hard output cap
 * (`maxOutputLength`), so an archive lying about its sizes is stopped at the cap too: a zip bomb
 * costs at most XLSX_LIMITS.uncompressedBytes of memory and the time to inflate that much.
 */
export const XLSX_LIMITS = {
  /** Every entry inflated together: a 5 000-row list is a few MB of XML. */
  uncompressedBytes: 32 * 1024 * 1024,
  entries: 200,
  sheets: 10,
  /** Cells read per row (the importers need a handful of columns). */
  columns: 64,
} as const;

export class XlsxArchiveError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** Throws XlsxArchiveError when the archive breaks a limit or is not a readable zip. */
export function checkXlsxArchive(content: Buffer, limits = XLSX_LIMITS): void {
  const entries = centralDirectory(content);
  if (entries.length > limits.entries) throw new XlsxArchiveError(`the workbook has more than ${limits.entries} parts`);
  const sheets = entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)).length;
  if (sheets > limits.sheets)
    throw new XlsxArchiveError(`the workbook has more than ${limits.sheets} sheets; keep the list on the first sheet`);
  const tooBig = () => new XlsxArchiveError(`the workbook unpacks to more than ${limits.uncompressedBytes / 1024 / 1024} MiB`);
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.uncompressedBytes) throw tooBig();
  // Declared sizes may lie: inflate for real, under what is left of the budget.
  let budget = limits.uncompressedBytes;
  for (const entry of entries) {
    const data = entryData(content, entry);
    let size: number;
    if (entry.method === 0) size = data.length;
    else if (entry.method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooBig();
        throw new XlsxArchiveError('the file is not a readable .xlsx workbook');
      }
    } else throw new XlsxArchiveError('the workbook uses an unsupported compression method');
    budget -= size;
    if (budget < 0) throw tooBig();
  }
}

function centralDirectory(content: Buffer): Entry[] {
  const unreadable = () => new XlsxArchiveError('the file is not a readable .xlsx workbook');
  // The end record is within the last 22 + 65 535 bytes (its comment is at most 64 KiB).
  let end = -1;
  for (let i = content.length - 22; i >= Math.max(0, content.length - 22 - 0xffff); i--) {
    if (content.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const count = content.readUInt16LE(end + 10);
  let offset = content.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new XlsxArchiveError('the workbook is too large (ZIP64)');
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== CENTRAL) throw unreadable();
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    const entry: Entry = {
      method: content.readUInt16LE(offset + 10),
      compressedSize: content.readUInt32LE(offset + 20),
      uncompressedSize: content.readUInt32LE(offset + 24),
      localOffset: content.readUInt32LE(offset + 42),
      name: content.toString('utf8', offset + 46, offset + 46 + nameLength),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff)
      throw new XlsxArchiveError('the workbook is too large (ZIP64)');
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
    if (entries.length > XLSX_LIMITS.entries * 10) break;
  }
  return entries;
}

function entryData(content: Buffer, entry: Entry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > content.length || content.readUInt32LE(at) !== LOCAL)
    throw new XlsxArchiveError('the file is not a readable .xlsx workbook');
  const start = at + 30 + content.readUInt16LE(at + 26) + content.readUInt16LE(at + 28);
  const stop = start + entry.compressedSize;
  if (stop > content.length) throw new XlsxArchiveError('the file is not a readable .xlsx workbook');
  return content.subarray(start, stop);
}
