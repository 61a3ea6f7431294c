import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { HashingPassThrough } from './hashing-pass-through';

/** What a writer produced: hash and size of the bytes written, and the number of data rows. */
export interface FormWriteResult {
  /** Hex SHA-256 of the bytes written to the output. */
  readonly sha256: string;
  readonly bytes: number;
  /** Data rows written (header, title and ИТОГО rows not counted). */
  readonly rows: number;
}

/** Rows may come from a database cursor (async) or, in tests, from an array. */
export type FormRows<T> = AsyncIterable<T> | Iterable<T>;

/**
 * Puts a hashing pass-through in front of `output`. The writer writes to `sink`; `done`
 * settles once `output` has flushed (or failed). The writer owns `output` and ends it.
 */
export function hashedOutput(output: Writable): { sink: HashingPassThrough; done: Promise<void> } {
  const sink = new HashingPassThrough();
  const done = pipeline(sink, output);
  // Observed by the writer later; this keeps an early failure from being "unhandled" meanwhile.
  done.catch(() => undefined);
  return { sink, done };
}

/** Waits for `sink` to accept more data, so a slow output bounds memory instead of buffers. */
export function drained(sink: Writable): Promise<void> {
  if (!sink.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      sink.off('drain', onDrain).off('close', onClose).off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('Output closed before the form was written'));
    sink.on('drain', onDrain).on('close', onClose).on('error', settle);
  });
}

/** Aborts after a failure: destroys the pipeline, waits for it to settle, rethrows the cause. */
export async function abortOutput(sink: HashingPassThrough, done: Promise<void>, error: unknown): Promise<never> {
  sink.destroy(error instanceof Error ? error : new Error(String(error)));
  await done.catch(() => undefined);
  throw error;
}
