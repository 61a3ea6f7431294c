import { findRedisServer } from '@mm/embedded';
import { lastEndedQuarter } from '@mm/monitoring';
import { JobName } from '@mm/queue';
import { errorCode } from '../harness/platform';
import { IsolatedPlatform, startIsolatedPlatform } from './isolated-platform';

const YEAR = 2024;
const DISTRICTS = 12;
const SCHOOLS_PER_DISTRICT = 600;
const RUN = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Redis is SIGKILLed while monitoring jobs run and more are requested, then restarted on the same
 * port with its append-only file. Postgres is the record: runs the queue lost (the last second
 * before the kill, everything requested while it was down) are re-queued by the outbox
 * reconciler; deliveries of runs that already finished are skipped. Every run completes once and
 * leaves one snapshot of its district.
 */
// It is about Redis itself: on a machine without redis-server (the Postgres queue backend) there is nothing to kill.
const describeWithRedis = findRedisServer() ? describe : describe.skip;

describeWithRedis('Redis killed and restarted with AOF while jobs run (fault)', () => {
  let platform: IsolatedPlatform;
  let districtIds: string[];
  let admin: string;

  beforeAll(async () => {
    platform = await startIsolatedPlatform({
      worker: true,
      // The worker's quarter-close would queue runs of the calendar's last quarter at start: only ours should run.
      prepare: async (sql) => {
        const current = lastEndedQuarter(new Date());
        await sql(`INSERT INTO monitoring_quarter_closes (year, quarter, district_runs, region_runs) VALUES ($1, $2, 0, 0)`, [
          current.year,
          current.quarter,
        ]);
      },
    });
    districtIds = await seed(platform);
    admin = await platform.adminToken();
  }, 180_000);
  afterAll(() => platform?.close(), 60_000);

  const runs = (quarter: number) =>
    platform.sql<{ id: string; districtId: string; state: string; finishedAt: Date | null }>(
      `SELECT id, district_id AS "districtId", state, finished_at AS "finishedAt" FROM job_runs
        WHERE name = $1 AND (payload->>'quarter')::int = $2 ORDER BY created_at`,
      [JobName.MONITORING_COMPUTE, quarter],
    );

  const snapshots = (quarter: number) =>
    platform.sql<{ districtId: string; jobRunId: string; computedAt: Date; schoolRows: number }>(
      `SELECT s.district_id AS "districtId", s.job_run_id AS "jobRunId", s.computed_at AS "computedAt",
              (SELECT count(*)::int FROM monitoring_school_rows r WHERE r.snapshot_id = s.id) AS "schoolRows"
         FROM monitoring_snapshots s WHERE s.scope = 'DISTRICT' AND s.year = $1 AND s.quarter = $2 ORDER BY s.district_id`,
      [YEAR, quarter],
    );

  async function request(districtId: string, quarter: number): Promise<string> {
    const result = await platform.gql(RUN, { districtId, year: YEAR, quarter }, admin);
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    return result.data.runMonitoring.id;
  }

  /**
   * Half the runs go to a live queue and Redis is SIGKILLed as soon as the worker has started on
   * them; the other half are requested while it is down; then it comes back on the same port.
   */
  async function killWhileRunning(quarter: number, restart: () => Promise<void>): Promise<void> {
    const first = [];
    for (const id of districtIds.slice(0, DISTRICTS / 2)) first.push(await request(id, quarter));
    await until('the worker started', async () => (await runs(quarter)).some((r) => r.state !== 'QUEUED'));
    await platform.redis.kill();

    // Requests are still accepted and recorded (queueing after commit fails quietly); the health
    // check says the queue is down.
    const second = await Promise.all(districtIds.slice(DISTRICTS / 2).map((id) => request(id, quarter)));
    const health = await fetch(`${platform.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: { status: 'up' }, queue: { status: 'down' } });

    await restart();
    const ids = [...first, ...second];
    await until(
      'every run finished',
      async () => (await runs(quarter)).every((r) => r.state === 'COMPLETED' || r.state === 'FAILED'),
      120_000,
    );

    const finished = await runs(quarter);
    expect(finished.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(finished.map((r) => r.state)).toEqual(ids.map(() => 'COMPLETED'));
    // One snapshot per district, written by that district's run, with every school.
    const written = await snapshots(quarter);
    expect(written).toHaveLength(DISTRICTS);
    for (const run of finished) {
      expect(written.filter((s) => s.districtId === run.districtId)).toEqual([
        { districtId: run.districtId, jobRunId: run.id, computedAt: expect.any(Date), schoolRows: SCHOOLS_PER_DISTRICT },
      ]);
    }

    // Deliveries the restored queue still holds, and the reconciler's next rounds, run nothing again.
    await sleep(3 * Number(platform.env.OUTBOX_RECONCILE_INTERVAL_MS));
    expect(await runs(quarter)).toEqual(finished);
    expect(await snapshots(quarter)).toEqual(written);
    expect(errorCode(await platform.gql(`{ me { id } }`, {}, admin))).toBeUndefined();
  }

  it('completes every run exactly once when Redis comes back with its append-only file', async () => {
    await killWhileRunning(4, () => platform.redis.start());
  }, 240_000);

  it('completes every run exactly once even when Redis comes back empty (the outbox re-queues them)', async () => {
    await killWhileRunning(3, () => platform.redis.start({ empty: true }));
  }, 240_000);
});

/** One region of DISTRICTS districts with enrollment and Q3, Q4 reports, set-based as the owner. */
async function seed(platform: IsolatedPlatform): Promise<string[]> {
  const [region] = await platform.sql(`INSERT INTO regions (code, name) VALUES ('R-RF', 'Регион (Redis)') RETURNING id`);
  const districts = await platform.sql<{ id: string }>(
    `INSERT INTO districts (region_id, code, name) SELECT $1, 'D-RF-' || g, 'Район ' || g FROM generate_series(1, $2::int) g RETURNING id`,
    [region.id, DISTRICTS],
  );
  await platform.sql(
    `INSERT INTO schools (region_id, district_id, code, name)
     SELECT d.region_id, d.id, 'S-' || d.code || '-' || g, 'Школа № ' || g FROM districts d CROSS JOIN generate_series(1, $1::int) g WHERE d.region_id = $2`,
    [SCHOOLS_PER_DISTRICT, region.id],
  );
  await platform.sql(
    `INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, 'MENTEE_COVERAGE', 2024, 7000), ($1, 'STUDENT_MENTORS', 2024, 1000)`,
    [region.id],
  );
  await platform.sql(
    `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base)
     SELECT region_id, district_id, id, 2024, 100 + (hashtext(code) & 1023), NULL FROM schools WHERE region_id = $1`,
    [region.id],
  );
  await platform.sql(
    `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version, figures)
     SELECT e.region_id, e.district_id, e.school_id, $2, q, 'APPROVED', 1,
            jsonb_build_object('STUDENTS', e.students, 'MENTEES_STUDENTS', e.students / 2, 'MENTORS_STUDENTS', e.students / 20,
                               'TEACHERS', e.students / 12, 'MENTEES_TEACHERS', 2, 'MENTORS_TEACHERS', 3)
       FROM enrollments e CROSS JOIN generate_series(3, 4) q WHERE e.region_id = $1`,
    [region.id, YEAR],
  );
  await platform.sql(`ANALYZE`);
  return districts.map((d) => d.id);
}
