import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

import type { StatExportFormat } from './stat-export.repository';

/** Folder under DATA_DIR holding the export files; DATA_DIR is shared by the API and the worker. */
export const EXPORTS_FOLDER = 'exports';
const TEMP_SUFFIX = '.tmp';
const READ_CHUNK = 1024 * 1024;

export const FILE_EXTENSION: Record<StatExportFormat, string> = { XLSX: 'xlsx', CSV: 'csv' };

/** A file opened for download after its size and SHA-256 were checked against the record. */
export interface VerifiedExportFile {
  readonly handle: FileHandle;
  readonly bytes: number;
  /** Streams the verified content from the start of the same open file (a later rename cannot swap it). */
  stream(): ReadStream;
}

export type VerifyResult = { ok: true; file: VerifiedExportFile } | { ok: false; reason: 'missing' | 'size' | 'hash'; detail: string };

/**
 * The export files under `DATA_DIR/exports`: written to a temporary name and renamed into place
 * (a reader never sees half a file; a redelivered job rewrites the same name), read back only after
 * their hash matches the record.
 */
export class StatExportFiles {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir);
  }

  /** `exports/<id>.<ext>`, as stored in `stat_exports.file_path`. */
  relativePath(id: string, format: StatExportFormat): string {
    return `${EXPORTS_FOLDER}/${id}.${FILE_EXTENSION[format]}`;
  }

  /** The absolute path of a stored relative path; refuses anything that would leave DATA_DIR. */
  absolutePath(relativePath: string): string {
    const absolute = resolve(this.root, relativePath);
    if (!absolute.startsWith(this.root + sep)) throw new Error(`Export path ${JSON.stringify(relativePath)} leaves DATA_DIR`);
    return absolute;
  }

  /** A new temporary file beside the final one (same folder, so the rename is atomic). */
  async createTemp(relativePath: string): Promise<{ path: string; stream: WriteStream }> {
    const target = this.absolutePath(relativePath);
    await mkdir(dirname(target), { recursive: true });
    const path = `${target}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    return { path, stream: createWriteStream(path, { flags: 'wx', mode: 0o640 }) };
  }

  /** Flushes the temporary file to disk and renames it over the final name. */
  async commit(tempPath: string, relativePath: string): Promise<void> {
    const handle = await open(tempPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const target = this.absolutePath(relativePath);
    await rename(tempPath, target);
    // Persist the rename itself (the directory entry) before the record says the file exists.
    const folder = await open(dirname(target), 'r');
    try {
      await folder.sync().catch(() => undefined);
    } finally {
      await folder.close();
    }
  }

  async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async remove(relativePath: string): Promise<void> {
    await rm(this.absolutePath(relativePath), { force: true });
  }

  /**
   * Opens the file and checks its size and SHA-256 against the record before anything is sent.
   * The caller streams from the returned handle and must close it.
   */
  async openVerified(relativePath: string, expected: { sha256: string; bytes: number }): Promise<VerifyResult> {
    let handle: FileHandle;
    try {
      handle = await open(this.absolutePath(relativePath), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'missing', detail: 'the file is missing' };
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size !== expected.bytes) {
        await handle.close();
        return { ok: false, reason: 'size', detail: `size ${size} differs from the recorded ${expected.bytes} bytes` };
      }
      const actual = await hashHandle(handle, size);
      if (actual !== expected.sha256.trim()) {
        await handle.close();
        return { ok: false, reason: 'hash', detail: `SHA-256 ${actual} differs from the recorded ${expected.sha256}` };
      }
      return {
        ok: true,
        file: { handle, bytes: size, stream: () => handle.createReadStream({ start: 0, end: Math.max(0, size - 1), autoClose: true }) },
      };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Files in the exports folder older than `olderThanMs` (by modification time), relative to DATA_DIR:
   * candidates for the sweep (left-over temporaries, files no record points to).
   */
  async listOlderThan(olderThanMs: number): Promise<string[]> {
    const folder = join(this.root, EXPORTS_FOLDER);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const cutoff = Date.now() - olderThanMs;
    const old: string[] = [];
    for (const name of names) {
      const info = await stat(join(folder, name)).catch(() => null);
      if (info?.isFile() && info.mtimeMs < cutoff) old.push(relative(this.root, join(folder, name)).split(sep).join('/'));
    }
    return old;
  }

  static isTemporary(relativePath: string): boolean {
    return relativePath.endsWith(TEMP_SUFFIX);
  }
}

async function hashHandle(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(1, size)));
  let position = 0;
  while (position < size) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  return hash.digest('hex');
}
