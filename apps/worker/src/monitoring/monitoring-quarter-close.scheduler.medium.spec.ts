import { Client } from 'pg';
import { MonitoringScheduleRepository, quarterCloseDistrictKey, quarterCloseRegionKey } from '@mm/monitoring';
import { JobDispatcher, JobName } from '@mm/queue';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { MonitoringQuarterCloseScheduler } from './monitoring-quarter-close.scheduler';

describe('MonitoringQuarterCloseScheduler', () => {
  let database: TestDatabase;
  let owner: Client;
  const pools: { close(): Promise<void> }[] = [];
  const dispatched: string[] = [];
  const dispatcher = { dispatch: async (run: { id: string }) => (dispatched.push(run.id), true) } as unknown as JobDispatcher;
  let places: { regionId: string; activeDistricts: string[]; inactiveDistrict: string; emptyRegion: string };

  /** A worker of its own: its own connection pool, as separate processes would have. */
  const worker = async () => {
    const pool = await connectTenantDatabase(database.appUrl);
    pools.push(pool);
    return new MonitoringQuarterCloseScheduler(pool.db, new MonitoringScheduleRepository(), dispatcher);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    const insert = async (sql: string, params: unknown[]) => (await owner.query(sql, params)).rows[0].id as string;
    const regionId = await insert(`INSERT INTO regions (code, name) VALUES ('R1', 'Регион') RETURNING id`, []);
    const activeDistricts = [
      await insert(`INSERT INTO districts (region_id, code, name) VALUES ($1, 'D1', 'Район 1') RETURNING id`, [regionId]),
      await insert(`INSERT INTO districts (region_id, code, name) VALUES ($1, 'D2', 'Район 2') RETURNING id`, [regionId]),
    ];
    const inactiveDistrict = await insert(
      `INSERT INTO districts (region_id, code, name, active) VALUES ($1, 'D3', 'Район 3', false) RETURNING id`,
      [regionId],
    );
    const emptyRegion = await insert(`INSERT INTO regions (code, name) VALUES ('R2', 'Регион без районов') RETURNING id`, []);
    places = { regionId, activeDistricts, inactiveDistrict, emptyRegion };
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    await owner?.end();
    await database?.drop();
  });

  it('records one run per active district and region once per quarter, however many workers try at once', async () => {
    const workers = await Promise.all([worker(), worker(), worker()]);
    const at = new Date('2025-04-01T00:05:00Z');
    const results = await Promise.all(workers.map((w) => w.closeQuarter(at)));
    expect(results.map((r) => r.period)).toEqual(Array(3).fill({ year: 2025, quarter: 1 }));
    const recorded = results.flatMap((r) => r.runs);
    expect(results.filter((r) => r.runs.length > 0)).toHaveLength(1);
    expect(recorded.map((r) => r.dedupKey).sort()).toEqual(
      [...places.activeDistricts.map((d) => quarterCloseDistrictKey(d, 2025, 1)), quarterCloseRegionKey(places.regionId, 2025, 1)].sort(),
    );
    expect(dispatched.sort()).toEqual(recorded.map((r) => r.id).sort());

    const rows = (
      await owner.query(`SELECT name, queue, payload, state, district_id, region_id FROM job_runs ORDER BY district_id NULLS LAST`)
    ).rows;
    expect(rows).toEqual([
      ...places.activeDistricts
        .slice()
        .sort()
        .map((d) => ({
          name: JobName.MONITORING_COMPUTE,
          queue: 'monitoring',
          payload: { scope: { regionId: places.regionId, districtId: d, schoolId: null }, year: 2025, quarter: 1 },
          state: 'QUEUED',
          district_id: d,
          region_id: places.regionId,
        })),
      {
        name: JobName.MONITORING_COMPUTE,
        queue: 'monitoring',
        payload: { scope: { regionId: places.regionId, districtId: null, schoolId: null }, year: 2025, quarter: 1 },
        state: 'QUEUED',
        district_id: null,
        region_id: places.regionId,
      },
    ]);
    const marker = (await owner.query(`SELECT year, quarter, district_runs, region_runs FROM monitoring_quarter_closes`)).rows;
    expect(marker).toEqual([{ year: 2025, quarter: 1, district_runs: 2, region_runs: 1 }]);
  });

  it('records nothing again after a restart, even when the runs have finished meanwhile', async () => {
    await owner.query(`UPDATE job_runs SET state = 'COMPLETED', finished_at = now()`);
    const restarted = await worker();
    const again = await restarted.closeQuarter(new Date('2025-06-30T23:59:59Z'));
    expect(again).toEqual({ period: { year: 2025, quarter: 1 }, runs: [] });
    expect((await owner.query(`SELECT count(*)::int AS n FROM job_runs`)).rows[0].n).toBe(3);
  });

  it('records the next quarter once it has ended', async () => {
    const next = await (await worker()).closeQuarter(new Date('2025-07-01T00:00:00Z'));
    expect(next.period).toEqual({ year: 2025, quarter: 2 });
    expect(next.runs).toHaveLength(3);
    const keys = (await owner.query(`SELECT dedup_key FROM job_runs WHERE payload->>'quarter' = '2' ORDER BY dedup_key`)).rows.map(
      (r) => r.dedup_key,
    );
    expect(keys).toEqual(
      [...places.activeDistricts.map((d) => quarterCloseDistrictKey(d, 2025, 2)), quarterCloseRegionKey(places.regionId, 2025, 2)].sort(),
    );
  });
});
