import { Client } from 'pg';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { TenantDatabase } from '@mm/database';
import { claimSchedulerTick, SCHEDULER_WORKER_ID } from './scheduler-ticks';

describe('claimSchedulerTick (Postgres)', () => {
  let database: TestDatabase;
  let workers: Awaited<ReturnType<typeof connectTenantDatabase>>[];
  let owner: Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    // Two pools stand for two worker processes.
    workers = [await connectTenantDatabase(database.appUrl), await connectTenantDatabase(database.appUrl)];
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    for (const w of workers ?? []) await w.close();
    await database?.drop();
  });

  const claimAll = (name: string, interval: number, at: number) =>
    Promise.all(workers.flatMap((w) => [0, 1, 2].map(() => claimSchedulerTick(w.db as TenantDatabase, name, interval, at))));

  it('lets exactly one of many concurrent claims of a tick through, and each later tick once again', async () => {
    const interval = 60_000;
    const at = Date.UTC(2026, 0, 1, 12, 0, 30);
    expect((await claimAll('sweeper', interval, at)).filter(Boolean)).toHaveLength(1);
    // Same slot a little later: already taken.
    expect((await claimAll('sweeper', interval, at + 20_000)).filter(Boolean)).toHaveLength(0);
    // The next slot, and another scheduler in the same slot, each once.
    expect((await claimAll('sweeper', interval, at + interval)).filter(Boolean)).toHaveLength(1);
    expect((await claimAll('reconciler', interval, at)).filter(Boolean)).toHaveLength(1);
    const rows = (await owner.query(`SELECT name, tick::text, worker FROM scheduler_ticks ORDER BY name, tick`)).rows;
    expect(rows).toEqual([
      { name: 'reconciler', tick: String(Math.floor(at / interval)), worker: SCHEDULER_WORKER_ID },
      { name: 'sweeper', tick: String(Math.floor(at / interval)), worker: SCHEDULER_WORKER_ID },
      { name: 'sweeper', tick: String(Math.floor(at / interval) + 1), worker: SCHEDULER_WORKER_ID },
    ]);
  });

  it('is platform bookkeeping: a tenant scope can neither claim nor read ticks', async () => {
    const scope = { role: 'DISTRICT_COORDINATOR' as const, userId: null, regionId: null, districtId: null, schoolId: null };
    await expect(
      workers[0]!.db.transaction(scope as any, (tx) => tx.query(`INSERT INTO scheduler_ticks (name, tick, worker) VALUES ('x', 1, 'w')`)),
    ).rejects.toThrow(/row-level security/);
    expect(await workers[0]!.db.transaction(scope as any, (tx) => tx.query(`SELECT * FROM scheduler_ticks`))).toEqual([]);
  });
});
