import IORedis from 'ioredis';
import { Client } from 'pg';
import { JobDispatcher, QueueName } from '@mm/queue';
import { FIXTURE_PASSWORD } from './harness/fixtures';
import { Platform, startPlatform } from './harness/platform';
import {
  DISTRICT_MONITORING,
  EXPECTED_TOTALS,
  expectedSchools,
  killWorker,
  MonitoringFixture,
  QUARTER,
  RUN_MONITORING,
  seedMonitoringDistrict,
  spawnWorker,
  waitForJob,
  waitUntil,
  WorkerProcess,
  YEAR,
} from './monitoring.fixtures';

jest.setTimeout(180_000);

/**
 * What the outbox promises when things break, with the production worker as a separate process
 * (the API here runs no worker): a worker killed mid-job, a queue that lost its jobs, a burst of
 * triggers. On the run's queue backend (Redis, or BullMQ's Postgres backend).
 */
describe('monitoring jobs under faults', () => {
  const TAG = 'FLT';
  let platform: Platform;
  let f: MonitoringFixture;
  let coordinator: string;
  const workers: WorkerProcess[] = [];
  const period = { year: YEAR, quarter: QUARTER };

  const startWorker = () => {
    const worker = spawnWorker(platform);
    workers.push(worker);
    return worker;
  };
  const trigger = async () => {
    const result = await platform.gql(RUN_MONITORING, { districtId: f.districtId, ...period }, coordinator);
    expect(result.errors).toBeUndefined();
    return result.data.runMonitoring.id as string;
  };
  const jobRow = async (id: string) =>
    (await platform.sql(`SELECT state, attempts, progress, error FROM job_runs WHERE id = $1`, [id]))[0] as {
      state: string;
      attempts: number;
    };
  /** The snapshot is complete and right: one header, every school row, the figures worked out by hand. */
  const expectSnapshot = async (jobId: string) => {
    const [counts] = await platform.sql(
      `SELECT (SELECT count(*) FROM monitoring_snapshots WHERE district_id = $1 AND year = $2 AND quarter = $3)::int AS snapshots,
              (SELECT count(*) FROM monitoring_school_rows WHERE district_id = $1 AND year = $2 AND quarter = $3)::int AS rows,
              (SELECT max(job_run_id::text) FROM monitoring_snapshots WHERE district_id = $1 AND year = $2 AND quarter = $3) AS "jobRunId"`,
      [f.districtId, YEAR, QUARTER],
    );
    expect(counts).toEqual({ snapshots: 1, rows: 7, jobRunId: jobId });
    const view = (await platform.gql(DISTRICT_MONITORING, { districtId: f.districtId, ...period }, coordinator)).data.districtMonitoring;
    expect(view.totals).toEqual(EXPECTED_TOTALS);
    expect(view.schools).toEqual(expectedSchools(f, TAG));
  };
  const withWorkerOutput = async <T>(worker: WorkerProcess, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- worker output ---\n${worker.output()}`, { cause: error });
    }
  };

  beforeAll(async () => {
    platform = await startPlatform({ worker: false });
    f = await seedMonitoringDistrict(platform, TAG);
    coordinator = await platform.login(f.coordinator.email, FIXTURE_PASSWORD);
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await killWorker(worker);
    // Each test starts without a snapshot (rows have no foreign key to their header: delete both).
    await platform.sql(`DELETE FROM monitoring_school_rows`);
    await platform.sql(`DELETE FROM monitoring_district_rows`);
    await platform.sql(`DELETE FROM monitoring_snapshots`);
  });
  afterAll(async () => {
    for (const worker of workers.splice(0)) await killWorker(worker);
    await platform?.close();
  });

  it('completes a job exactly once when its worker is killed mid-job and another starts', async () => {
    // Hold a lock the job needs, so it is caught mid-way: claimed (RUNNING) but not yet written.
    const blocker = new Client({ connectionString: platform.database.ownerUrl });
    await blocker.connect();
    try {
      await blocker.query(`BEGIN`);
      await blocker.query(`LOCK TABLE monitoring_snapshots IN EXCLUSIVE MODE`);
      const id = await trigger();
      const first = startWorker();
      await withWorkerOutput(first, () =>
        waitUntil('the job to block on the held lock', async () => {
          const [row] = await platform.sql(
            `SELECT (SELECT state FROM job_runs WHERE id = $1) AS state,
                    (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                        AND query LIKE '%INSERT INTO monitoring_snapshots%') AS waiting`,
            [id],
          );
          return row.state === 'RUNNING' && row.waiting > 0;
        }),
      );
      expect(await jobRow(id)).toMatchObject({ state: 'RUNNING', attempts: 1 });
      await killWorker(first, 'SIGKILL');
      expect(first.child.signalCode).toBe('SIGKILL');
      await blocker.query(`COMMIT`);

      // Nothing of the killed attempt was stored: its transaction never committed.
      expect(
        (await platform.sql(`SELECT count(*)::int AS n FROM monitoring_school_rows WHERE year = $1 AND quarter = $2`, [YEAR, QUARTER]))[0]
          .n,
      ).toBe(0);
      const second = startWorker();
      const done = await withWorkerOutput(second, () => waitForJob(platform, coordinator, id, 90_000));
      expect(done).toMatchObject({ state: 'COMPLETED', progress: 100, error: null, attempts: 2 });
      await expectSnapshot(id);
      // Once: the stalled message is not run a third time after the run completed.
      await new Promise((r) => setTimeout(r, 3000));
      expect(await jobRow(id)).toMatchObject({ state: 'COMPLETED', attempts: 2 });
    } finally {
      await blocker.query(`ROLLBACK`).catch(() => undefined);
      await blocker.end();
    }
  });

  it('re-runs pending work from the outbox when the queue lost it and the worker restarts', async () => {
    const id = await trigger();
    expect(await jobRow(id)).toMatchObject({ state: 'QUEUED', attempts: 0 });
    const queue = platform.app.get(JobDispatcher).queue(QueueName.MONITORING);
    expect(await queue.getJob(id)).toBeTruthy();
    if (platform.env.REDIS_URL) {
      const redis = new IORedis(platform.env.REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        expect(await redis.flushall()).toBe('OK');
      } finally {
        redis.disconnect();
      }
    } else {
      // The Postgres queue backend has no FLUSHALL: empty the queue through BullMQ instead.
      await queue.obliterate({ force: true });
    }
    expect(await queue.getJob(id)).toBeFalsy();

    const worker = startWorker();
    const done = await withWorkerOutput(worker, () => waitForJob(platform, coordinator, id, 90_000));
    expect(done).toMatchObject({ state: 'COMPLETED', progress: 100, error: null, attempts: 1 });
    await expectSnapshot(id);
  });

  it('runs many triggers of one district and quarter once', async () => {
    const countRuns = async () =>
      (
        await platform.sql(`SELECT count(*)::int AS n FROM job_runs WHERE payload->>'year' = $1 AND payload->>'quarter' = $2`, [
          String(YEAR),
          String(QUARTER),
        ])
      )[0].n;
    const before = await countRuns();
    const authority = await platform.login(f.authority.email, FIXTURE_PASSWORD);
    const admin = await platform.adminToken();
    const tokens = [...Array(16).fill(coordinator), ...Array(4).fill(authority), ...Array(4).fill(admin)];
    const results = await Promise.all(tokens.map((token) => platform.gql(RUN_MONITORING, { districtId: f.districtId, ...period }, token)));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const ids = new Set(results.map((r) => r.data.runMonitoring.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as string[];
    expect(await countRuns()).toBe(before + 1);
    // Every trigger is audited, all pointing at the one run.
    expect(
      (
        await platform.sql(`SELECT count(*)::int AS n FROM audit_log WHERE operation = 'monitoring.run' AND details->>'jobId' = $1`, [id])
      )[0].n,
    ).toBe(tokens.length);

    const worker = startWorker();
    const done = await withWorkerOutput(worker, () => waitForJob(platform, coordinator, id!, 90_000));
    expect(done).toMatchObject({ state: 'COMPLETED', attempts: 1 });
    await expectSnapshot(id!);
    // Re-delivering the finished run (the reconciler, a duplicate message) does not run it again.
    await platform.app
      .get(JobDispatcher)
      .dispatch({ id: id!, name: 'monitoring.compute' as any, queue: QueueName.MONITORING, runAfter: new Date() });
    await new Promise((r) => setTimeout(r, 3000));
    expect(await jobRow(id!)).toMatchObject({ state: 'COMPLETED', attempts: 1 });
  });
});
