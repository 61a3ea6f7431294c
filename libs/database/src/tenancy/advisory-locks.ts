import { currentTx } from './tenant-database.service';

/**
 * Takes transaction-scoped shared advisory locks on `keys` (texts hashed to lock ids) in the current
 * transaction, in one round trip. Postgres evaluates the select list left to right, so the locks are
 * taken in the order given: keep the order every locker of the same keys keeps.
 */
export async function lockShared(...keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const locks = keys.map((_, i) => `pg_advisory_xact_lock_shared(hashtextextended($${i + 1}, 0))`);
  await currentTx().query(`SELECT ${locks.join(', ')}`, keys);
}
