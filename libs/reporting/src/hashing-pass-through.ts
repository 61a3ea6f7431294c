import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/**
 * Pass-through placed in front of the output: hashes and counts the bytes as they go, so the
 * stored SHA-256 is that of exactly what was written, without reading the file back.
 */
export class HashingPassThrough extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private byteCount = 0;
  private hex: string | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.hex = this.hash.digest('hex');
    callback();
  }

  get bytes(): number {
    return this.byteCount;
  }

  /** Hex SHA-256 of everything written; available once the stream has ended. */
  get sha256(): string {
    if (this.hex === undefined) throw new Error('SHA-256 is known only after the stream has ended');
    return this.hex;
  }
}
