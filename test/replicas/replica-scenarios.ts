import { Client } from 'pg';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from '../harness/fixtures';
import { errorCode, Platform } from '../harness/platform';
import { ReplicaSet, startReplicaSet } from '../harness/replicas';
import { completeFigures, SAVE } from '../quarterly-report.helpers';
import { lastEndedQuarter } from '@mm/monitoring';

const RUN = `mutation($districtId: ID!, $year: Int!, $quarter: Int!) { runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state } }`;
const RUN_REGION = `mutation($regionId: ID!, $year: Int!, $quarter: Int!) { runRegionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) { id state } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;
const TICK_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

/**
 * Two API and two worker processes on one database and one queue (Redis, or BullMQ's Postgres
 * backend): what must hold when the platform runs as replicas (issue 21).
 */
export function replicaScenarios(queue: 'redis' | 'postgres'): void {
  let set: ReplicaSet;
  let org: OrgFixture;
  const startedAt = Date.now();

  beforeAll(async () => {
    set = await startReplicaSet({
      queue,
      apis: 2,
      workers: 2,
      env: { OUTBOX_RECONCILE_INTERVAL_MS: String(TICK_MS), EXPORT_SWEEP_INTERVAL_MS: String(TICK_MS) },
      // Before the workers start, so both find the last quarter to close at start-up.
      prepare: async (sql) => {
        org = await createOrg({ sql } as unknown as Platform, 'REP', 4);
      },
    });
  }, 180_000);
  afterAll(async () => {
    await set?.close();
  });

  const owner = async () => {
    const client = new Client({ connectionString: set.database.ownerUrl });
    await client.connect();
    return client;
  };

  it('runs the replicas as separate processes on the asked queue backend', async () => {
    expect(set.apis).toHaveLength(2);
    expect(set.workers).toHaveLength(2);
    expect(new Set([...set.apis, ...set.workers].map((r) => r.process.pid)).size).toBe(4);
    for (const worker of set.workers) {
      const health = await (await fetch(`${worker.url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', backend: queue });
    }
  });

  it('accepts a token issued by one API on the other', async () => {
    const fromFirst = await set.login(org.coordinator.email, FIXTURE_PASSWORD, 0);
    const fromSecond = await set.login(org.curators[0]!.email, FIXTURE_PASSWORD, 1);
    expect((await set.gql(`{ me { email } }`, {}, fromFirst, 1)).data).toEqual({ me: { email: org.coordinator.email } });
    expect((await set.gql(`{ me { email } }`, {}, fromSecond, 0)).data).toEqual({ me: { email: org.curators[0]!.email } });
  });

  it('closes the last quarter once although both workers checked it at start-up', async () => {
    const period = lastEndedQuarter(new Date());
    expect(await set.sql(`SELECT year, quarter, district_runs, region_runs FROM monitoring_quarter_closes`)).toEqual([
      { year: period.year, quarter: period.quarter, district_runs: 1, region_runs: 1 },
    ]);
    const runs = await set.sql(`SELECT count(*)::int AS n FROM job_runs WHERE dedup_key LIKE 'monitoring:quarter-close:%'`);
    expect(runs[0].n).toBe(2); // the district and the region, not twice each
  });

  it('runs every scheduler once per tick across the workers', async () => {
    const windowStart = Date.now();
    await sleep(6 * TICK_MS);
    const rows = await set.sql<{ name: string; ticks: number; distinct_ticks: number; first: string; last: string }>(
      `SELECT name, count(*)::int AS ticks, count(DISTINCT tick)::int AS distinct_ticks, min(tick)::text AS first, max(tick)::text AS last
         FROM scheduler_ticks GROUP BY name ORDER BY name`,
    );
    // The reconciler and the export sweeper tick every second here; the reporting scheduler every ten
    // minutes and the import credentials sweeper every fifteen (each also once at start): both
    // workers start within one or two of their slots.
    expect(rows.map((r) => r.name)).toEqual(['export-sweeper', 'import-credentials-sweeper', 'outbox-reconciler', 'reporting-workflow']);
    const elapsedTicks = Math.ceil((Date.now() - Math.min(windowStart, startedAt)) / TICK_MS) + 1;
    for (const row of rows) {
      expect(row.ticks).toBe(row.distinct_ticks);
      // Each tick slot ran at most once: never more claims than slots that have passed (two
      // workers each running every tick would give about twice as many).
      expect(row.ticks).toBeLessThanOrEqual(Number(row.last) - Number(row.first) + 1);
      if (row.name === 'reporting-workflow' || row.name === 'import-credentials-sweeper') {
        expect(row.ticks).toBeLessThanOrEqual(2);
        continue;
      }
      expect(row.ticks).toBeLessThanOrEqual(elapsedTicks);
      expect(row.ticks).toBeGreaterThanOrEqual(4);
    }
  });

  it('stores an idempotent save once when it is replayed on the other replica, also concurrently', async () => {
    const curator = await set.login(org.curators[1]!.email, FIXTURE_PASSWORD);
    const input = {
      schoolId: org.curators[1]!.schoolId,
      year: 2024,
      quarter: 1,
      figures: completeFigures(),
      idempotencyKey: 'replica-save-1',
    };
    const first = await set.gql(SAVE, { input }, curator, 0);
    expect(first.errors).toBeUndefined();
    const replay = await set.gql(SAVE, { input }, curator, 1);
    expect(replay.data).toEqual(first.data);

    const concurrent = { ...input, quarter: 2, idempotencyKey: 'replica-save-2' };
    const both = await Promise.all([set.gql(SAVE, { input: concurrent }, curator, 0), set.gql(SAVE, { input: concurrent }, curator, 1)]);
    for (const result of both) expect(result.errors).toBeUndefined();
    expect(both[1].data).toEqual(both[0].data);

    const stored = await set.sql(
      `SELECT r.quarter, r.version, (SELECT count(*)::int FROM quarterly_report_revisions v WHERE v.report_id = r.id) AS revisions,
              (SELECT count(*)::int FROM idempotency_keys k WHERE k.key IN ('replica-save-1', 'replica-save-2') AND k.response->>'quarter' IS NOT NULL) AS keys_with_quarter
         FROM quarterly_reports r WHERE r.school_id = $1 ORDER BY r.quarter`,
      [org.curators[1]!.schoolId],
    );
    expect(stored.map((r) => [r.quarter, r.version, r.revisions])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
    ]);
    expect((await set.sql(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE 'replica-save-%'`))[0].n).toBe(2);
  });

  it('shares the rate limit of an expensive operation between the replicas', async () => {
    const authority = await set.login(org.authority.email, FIXTURE_PASSWORD);
    // runRegionMonitoring: 5 per 5 minutes per user, spent round-robin on both replicas.
    for (let i = 0; i < 5; i++) {
      const result = await set.gql(RUN_REGION, { regionId: org.regionId, year: 2023, quarter: (i % 4) + 1 }, authority, i % 2);
      expect(result.errors).toBeUndefined();
    }
    for (const index of [0, 1]) {
      const refused = await set.gql(RUN_REGION, { regionId: org.regionId, year: 2022, quarter: 1 }, authority, index);
      expect(errorCode(refused)).toBe('TOO_MANY_REQUESTS');
      expect(refused.status).toBe(429);
    }
  });

  it('shares login throttling between the replicas', async () => {
    const email = org.curators[2]!.email;
    for (let i = 0; i < 5; i++) {
      const wrong = await set.gql(LOGIN, { e: email, p: 'wrong-password-000' }, undefined, i % 2);
      expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    }
    for (const index of [0, 1]) {
      const locked = await set.gql(LOGIN, { e: email, p: FIXTURE_PASSWORD }, undefined, index);
      expect(errorCode(locked)).toBe('TOO_MANY_REQUESTS');
    }
  });

  it('runs every recorded job exactly once across the workers', async () => {
    const coordinator = await set.login(org.coordinator.email, FIXTURE_PASSWORD);
    const ids: string[] = [];
    for (const year of [2021, 2022, 2023]) {
      for (const quarter of [1, 2, 3, 4]) {
        const result = await set.gql(RUN, { districtId: org.districtId, year, quarter }, coordinator);
        expect(result.errors).toBeUndefined();
        ids.push(result.data.runMonitoring.id);
      }
    }
    const runs = await until('every job to finish', async () => {
      const rows = await set.sql(`SELECT id, name, state, attempts FROM job_runs ORDER BY created_at`);
      return rows.every((r) => r.state === 'COMPLETED' || r.state === 'FAILED') && rows;
    });
    // Every run the platform recorded (these, the quarter close, the region runs, the saves' triggers) ran once.
    expect(runs.filter((r) => r.state !== 'COMPLETED' || r.attempts !== 1)).toEqual([]);
    expect(runs.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    const headers = await set.sql(
      `SELECT count(*)::int AS n, count(DISTINCT (year, quarter))::int AS periods FROM monitoring_snapshots WHERE district_id = $1 AND year BETWEEN 2021 AND 2023`,
      [org.districtId],
    );
    expect(headers[0]).toEqual({ n: 12, periods: 12 });
  });

  it('finishes a job once when the worker running it is SIGKILLed mid-job', async () => {
    // Only worker 1 takes jobs while the run starts: worker 2 stops gracefully first.
    const stopped = Date.now();
    const [, second] = set.workers;
    await second!.stop();
    expect(Date.now() - stopped).toBeLessThan(25_000);
    const lock = await owner();
    try {
      // The run's statement waits behind this lock: the job is mid-way when its worker dies.
      await lock.query(`BEGIN; LOCK TABLE monitoring_snapshots IN EXCLUSIVE MODE`);
      const coordinator = await set.login(org.coordinator.email, FIXTURE_PASSWORD);
      const requested = await set.gql(RUN, { districtId: org.districtId, year: 2020, quarter: 4 }, coordinator);
      expect(requested.errors).toBeUndefined();
      const id = requested.data.runMonitoring.id;
      await until(
        'worker 1 to start the run',
        async () => (await set.sql(`SELECT state FROM job_runs WHERE id = $1`, [id]))[0]?.state === 'RUNNING',
      );
      const replacement = await set.startWorker('worker-3');
      expect(await set.workers[0]!.kill()).toBe('SIGKILL');
      await lock.query('COMMIT');
      const run = await until(
        'the run to finish on the other worker',
        async () => {
          const [row] = await set.sql(`SELECT state, attempts FROM job_runs WHERE id = $1`, [id]);
          return row.state === 'COMPLETED' && row;
        },
        60_000,
      );
      expect(run.attempts).toBe(2); // the killed attempt and the one that finished
      const [header] = await set.sql(
        `SELECT count(*)::int AS n, max(job_run_id::text) AS run FROM monitoring_snapshots WHERE district_id = $1 AND year = 2020 AND quarter = 4`,
        [org.districtId],
      );
      expect(header).toEqual({ n: 1, run: id });
      const schoolRows = await set.sql(
        `SELECT count(*)::int AS n FROM monitoring_school_rows WHERE district_id = $1 AND year = 2020 AND quarter = 4`,
        [org.districtId],
      );
      expect(schoolRows[0].n).toBe(4);
      expect(replacement.process.exitCode).toBeNull();
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
    }
  });

  it('answers every request in flight when one API replica shuts down gracefully', async () => {
    const lock = await owner();
    const api = set.apis[0]!;
    try {
      // curator 3 is locked out by the throttling test.
      const saving = org.curators.filter((_, i) => i !== 2);
      const curators = await Promise.all(saving.map((c) => set.login(c.email, FIXTURE_PASSWORD, 1)));
      await lock.query(`BEGIN; LOCK TABLE quarterly_reports IN EXCLUSIVE MODE`);
      const inFlight = saving.map((c, i) =>
        set.gql(SAVE, { input: { schoolId: c.schoolId, year: 2024, quarter: 4, figures: completeFigures() } }, curators[i], 0),
      );
      await until('the saves to wait for the lock', async () => {
        const [row] = await set.sql(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%quarterly_reports%'`,
        );
        return row.n >= saving.length;
      });
      const exited = api.stop();
      await sleep(500);
      // The other replica keeps serving meanwhile.
      expect((await set.gql(`{ me { email } }`, {}, curators[0], 1)).data).toEqual({ me: { email: saving[0]!.email } });
      expect(api.process.exitCode).toBeNull(); // still draining
      await lock.query('COMMIT');
      const results = await Promise.all(inFlight);
      for (const result of results) {
        expect(result.errors).toBeUndefined();
        expect(result.status).toBe(200);
      }
      expect(['SIGTERM', 0]).toContain(await exited);
      const stored = await set.sql(`SELECT count(*)::int AS n FROM quarterly_reports WHERE year = 2024 AND quarter = 4`);
      expect(stored[0].n).toBe(saving.length);
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
    }
  });
}
