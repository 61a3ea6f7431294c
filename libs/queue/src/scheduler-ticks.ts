import { hostname } from 'node:os';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';

/** This process among the workers: host (the container) and pid. */
export const SCHEDULER_WORKER_ID = `${hostname()}:${process.pid}`;

/**
 * Claims the current tick of a periodic task for this worker: time is cut into `intervalMs`
 * slots and the first worker to record a slot runs it; every other worker's timer firing in the
 * same slot gets false and skips. So a task runs once per tick however many workers there are
 * (a worker that dies mid-tick leaves the work to the next tick). Claims older than a day are
 * cleared now and then.
 */
export async function claimSchedulerTick(db: TenantDatabase, name: string, intervalMs: number, at: number = Date.now()): Promise<boolean> {
  const tick = Math.floor(at / intervalMs);
  return db.transaction(SYSTEM_SCOPE, async (tx) => {
    const rows = await tx.query(
      `INSERT INTO scheduler_ticks (name, tick, worker) VALUES ($1, $2, $3) ON CONFLICT (name, tick) DO NOTHING RETURNING tick`,
      [name, tick, SCHEDULER_WORKER_ID],
    );
    if (rows.length > 0 && tick % 50 === 0) {
      await tx.query(`DELETE FROM scheduler_ticks WHERE name = $1 AND claimed_at < now() - interval '1 day'`, [name]);
    }
    return rows.length > 0;
  });
}
