import { randomBytes } from 'node:crypto';
import type { TenantTransaction } from '@mm/database';

export const DEFAULT_FETCH_SIZE = 2000;

/**
 * Rows of a query through a server-side cursor in the caller's transaction, `fetchSize` at a time:
 * a region-wide or national form streams from Postgres to the file without holding every row.
 * The cursor is closed when the consumer stops early or fails.
 */
export async function* cursorRows<T>(
  tx: TenantTransaction,
  sql: string,
  parameters: unknown[],
  fetchSize = DEFAULT_FETCH_SIZE,
): AsyncGenerator<T> {
  const name = `stat_form_${randomBytes(6).toString('hex')}`;
  await tx.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, parameters);
  let open = true;
  try {
    for (;;) {
      const batch = await tx.query<T>(`FETCH FORWARD ${fetchSize} FROM ${name}`);
      for (const row of batch) yield row;
      if (batch.length < fetchSize) break;
    }
    await tx.query(`CLOSE ${name}`);
    open = false;
  } finally {
    // A failed transaction cannot run CLOSE; it ends with the transaction anyway.
    if (open) await tx.query(`CLOSE ${name}`).catch(() => undefined);
  }
}
