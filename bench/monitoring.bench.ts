/**
 * `npm run bench -- monitoring [--schools 40000] [--districts 2500] [--regions 85] [--rounds 5] [--fan-out] [--queue postgres]`
 *
 * A national data set in a throwaway embedded PostgreSQL (40 000 schools in 2 500 districts in 85
 * regions, enrollment of realistic sizes, a year of quarterly reports, some district schedules of
 * their own), generated set-based. Then, in the same run and on the same data, for 2024 Q4:
 *
 * * bare — the monitoring aggregate alone: the statement's read part (every school, district and
 *   region row evaluated) with no writes, in the job's scope (a federal authority, RLS on) and with
 *   the job's planner settings, in a transaction of its own;
 * * job  — a full national recompute through the job path: the run recorded in the outbox, queued,
 *   picked up by the real worker (WorkerModule: JobRunner → MonitoringProcessor, which computes
 *   every region in NATIONAL_PARALLELISM concurrent transactions), the snapshots of every district
 *   and region replaced, the run marked completed — timed from recording to the COMPLETED row;
 *
 * each the median of `rounds`, and their ratio (goal ≤ 1.5×). With `--fan-out`, also the
 * quarter-close path: one run per district and per region (2 585 jobs) through the same worker.
 * The queue is a local redis-server when installed (unless `--queue postgres`), else BullMQ's
 * Postgres backend.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const YEAR = 2024;
const QUARTER = 4;
const APP_LOGIN = 'mm_bench_monitoring';
const APP_PASSWORD = 'bench-monitoring-password';

export async function main(args: string[]): Promise<void> {
  const schools = Number(flag(args, '--schools') ?? 40_000);
  const districts = Number(flag(args, '--districts') ?? 2_500);
  const regions = Number(flag(args, '--regions') ?? 85);
  const rounds = Number(flag(args, '--rounds') ?? 5);
  const fanOut = args.includes('--fan-out');

  const { startEmbeddedPostgres, findRedisServer, startLocalRedis } = await import('@mm/embedded');
  const work = mkdtempSync(join(tmpdir(), 'mm-bench-monitoring-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
  try {
    const server = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), superuserPassword: 'bench', persistent: false });
    cleanups.unshift(() => server.stop());
    const admin = new Client({ connectionString: server.superuserUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE mm_bench_monitoring`);
    await admin.end();
    const ownerUrl = server.urlFor('mm_bench_monitoring');
    const appUrl = server.urlFor('mm_bench_monitoring', APP_LOGIN, APP_PASSWORD);
    const { runMigrations } = await import('@mm/database');
    await runMigrations(ownerUrl, appUrl);

    const owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    cleanups.unshift(() => owner.end());
    const seedStarted = performance.now();
    await seed(owner, { schools, districts, regions });
    const seedMs = performance.now() - seedStarted;
    const [counts] = (
      await owner.query(`SELECT (SELECT count(*) FROM schools)::int AS schools, (SELECT count(*) FROM districts)::int AS districts,
        (SELECT count(*) FROM regions)::int AS regions, (SELECT count(*) FROM quarterly_reports)::int AS reports,
        (SELECT sum(students) FROM enrollments WHERE year = 2024)::bigint AS students`)
    ).rows;
    console.log(
      `data: ${counts.schools} schools, ${counts.districts} districts, ${counts.regions} regions, ${counts.reports} quarterly reports, ` +
        `${Number(counts.students).toLocaleString('en')} students — generated in ${seconds(seedMs)}`,
    );

    let redisUrl: string | undefined;
    if (flag(args, '--queue') !== 'postgres' && findRedisServer()) {
      const redis = await startLocalRedis({ dir: join(work, 'redis') });
      cleanups.unshift(() => redis.stop());
      redisUrl = redis.url;
    }
    console.log(`queue: ${redisUrl ? 'redis-server (local)' : 'BullMQ Postgres backend'}`);

    const bench = await startBench(ownerUrl, appUrl, redisUrl);
    cleanups.unshift(() => bench.close());

    // Warm both paths once (caches, plans, the queue connection), then alternate the order.
    await bench.bare();
    await bench.job();
    const bare: number[] = [];
    const job: number[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2) {
        job.push(await bench.job());
        bare.push(await bench.bare());
      } else {
        bare.push(await bench.bare());
        job.push(await bench.job());
      }
    }
    const [written] = (
      await owner.query(
        `SELECT (SELECT count(*) FROM monitoring_snapshots WHERE year = $1 AND quarter = $2)::int AS snapshots,
        (SELECT count(*) FROM monitoring_school_rows WHERE year = $1 AND quarter = $2)::int AS "schoolRows",
        (SELECT count(*) FROM monitoring_district_rows WHERE year = $1 AND quarter = $2)::int AS "districtRows"`,
        [YEAR, QUARTER],
      )
    ).rows;
    const bareMs = median(bare);
    const jobMs = median(job);
    console.log(
      `\nnational monitoring, ${YEAR} Q${QUARTER} (median of ${rounds}; all rounds: bare ${bare.map(ms).join(', ')}; job ${job.map(ms).join(', ')})`,
    );
    console.log(`  bare SQL aggregate (read, no writes)             ${ms(bareMs).padStart(9)}`);
    console.log(
      `  full recompute through the job                   ${ms(jobMs).padStart(9)}   ` +
        `(${written.snapshots} snapshots, ${written.schoolRows} school rows, ${written.districtRows} district rows replaced)`,
    );
    console.log(`  ratio job / bare                                 ${(jobMs / bareMs).toFixed(2).padStart(8)}×   (goal ≤ 1.5×)`);

    if (fanOut) {
      const { runs, ms: fanOutMs } = await bench.fanOut();
      console.log(
        `  quarter-close fan-out (${runs} jobs: a run per district and per region) ${ms(fanOutMs).padStart(9)}   ` +
          `(${(fanOutMs / bareMs).toFixed(1)}× the bare aggregate)`,
      );
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => console.error(`cleanup: ${(e as Error).message}`));
  }
}

/**
 * The data set, set-based as the owner. Districts are spread over the regions, schools over the
 * districts; enrollment skewed like real schools (many small rural ones, some large city ones,
 * ≈ 450 students on average); 2024 enrollment for most schools, only 2023 (carried forward) for 1 in
 * 20; every 10th district overrides the mentee schedule; reports for Q1–Q4 2024 with year-to-date
 * figures growing by quarter, ≈ 93 % submitted or approved, the rest drafts, returned or missing.
 */
export async function seed(owner: Client, size: { schools: number; districts: number; regions: number }): Promise<void> {
  await owner.query('BEGIN');
  await owner.query(`SELECT setseed(0.42)`);
  await owner.query(
    `INSERT INTO regions (code, name) SELECT 'R' || lpad(g::text, 3, '0'), 'Субъект РФ № ' || g FROM generate_series(1, $1::int) g`,
    [size.regions],
  );
  await owner.query(
    `INSERT INTO districts (region_id, code, name)
     SELECT r.id, 'D' || lpad(g::text, 5, '0'), 'Муниципальный район № ' || g
       FROM generate_series(1, $1::int) g JOIN regions r ON r.code = 'R' || lpad(((g - 1) % $2::int + 1)::text, 3, '0')`,
    [size.districts, size.regions],
  );
  await owner.query(
    `INSERT INTO schools (region_id, district_id, code, name)
     SELECT d.region_id, d.id, 'S' || lpad(g::text, 6, '0'), 'МБОУ «Средняя общеобразовательная школа № ' || g || '»'
       FROM generate_series(1, $1::int) g JOIN districts d ON d.code = 'D' || lpad(((g - 1) % $2::int + 1)::text, 5, '0')`,
    [size.schools, size.districts],
  );
  await owner.query(
    `INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp)
     SELECT r.id, p.indicator, p.year, p.bp FROM regions r CROSS JOIN (VALUES
       ('MENTEE_COVERAGE', 2020, 1000), ('MENTEE_COVERAGE', 2021, 2500), ('MENTEE_COVERAGE', 2022, 4000), ('MENTEE_COVERAGE', 2023, 5500), ('MENTEE_COVERAGE', 2024, 7000),
       ('STUDENT_MENTORS', 2020, 200), ('STUDENT_MENTORS', 2021, 400), ('STUDENT_MENTORS', 2022, 600), ('STUDENT_MENTORS', 2023, 800), ('STUDENT_MENTORS', 2024, 1000)
     ) AS p(indicator, year, bp)`,
  );
  await owner.query(
    `INSERT INTO target_schedule_points (region_id, district_id, indicator, year, percent_bp)
     SELECT d.region_id, d.id, 'MENTEE_COVERAGE', y, 5000 + (y - 2020) * 550 + 33 FROM districts d CROSS JOIN generate_series(2020, 2024) y
      WHERE right(d.code, 1) = '7'`,
  );
  await owner.query(
    `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base)
     SELECT s.region_id, s.district_id, s.id, CASE WHEN random() < 0.05 THEN 2023 ELSE 2024 END, n,
            CASE WHEN random() < 0.3 THEN NULL ELSE n * (25 + floor(random() * 20)::int) / 100 END
       FROM (SELECT s.*, 30 + floor(power(random(), 2) * 1260)::int AS n FROM schools s) s`,
  );
  await owner.query(
    `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version, figures)
     SELECT e.region_id, e.district_id, e.school_id, 2024, q,
            CASE WHEN x < 0.70 THEN 'APPROVED' WHEN x < 0.93 THEN 'SUBMITTED' WHEN x < 0.96 THEN 'RETURNED' ELSE 'DRAFT' END, 1,
            jsonb_build_object(
              'STUDENTS', e.students, 'MENTEES_STUDENTS', m, 'MENTEES_STUDENTS_STUDENT_STUDENT', m * 6 / 10,
              'MENTEES_STUDENTS_TEACHER_STUDENT', m * 3 / 10, 'MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT', m / 10,
              'MENTEES_STUDENTS_EMPLOYER_STUDENT', m / 20, 'MENTORS_STUDENTS', e.students * q / 100, 'TEACHERS', e.students / 12,
              'MENTEES_TEACHERS', e.students * q / 240, 'MENTEES_YOUNG_SPECIALISTS', e.students * q / 800, 'MENTORS_TEACHERS', e.students / 50,
              'MENTORS_EXTERNAL_EMPLOYER', q, 'MENTORS_EXTERNAL_UNIVERSITY_STUDENT', q % 3, 'MENTORS_EXTERNAL_GRADUATE', q % 2,
              'MENTORS_EXTERNAL_PARENT', q, 'MENTORS_EXTERNAL_OTHER', 1, 'PAIRS', m / 2, 'GROUPS', m / 15)
       FROM (SELECT e.*, q, random() AS x, LEAST(e.students, (e.students * pace * q / 400)::int) AS m
               FROM (SELECT e.*, 20 + floor(random() * 80)::int AS pace FROM enrollments e) e
               CROSS JOIN generate_series(1, 4) q) e
      WHERE x < 0.985`,
  );
  await owner.query('COMMIT');
  await owner.query('ANALYZE');
}

interface Bench {
  bare(): Promise<number>;
  job(): Promise<number>;
  fanOut(): Promise<{ runs: number; ms: number }>;
  close(): Promise<void>;
}

/** The real worker (WorkerModule) in this process, and the pieces the API uses to record and queue a run. */
async function startBench(ownerUrl: string, appUrl: string, redisUrl: string | undefined): Promise<Bench> {
  const { NestFactory } = await import('@nestjs/core');
  const { loadEnvironment } = await import('@mm/config');
  const { Role, TenantDatabase } = await import('@mm/database');
  const { JobDispatcher, JobName, JobRunRepository } = await import('@mm/queue');
  const { jobScopeOfMonitoring, lastEndedQuarter, monitoringAggregateParameters, monitoringAggregateSql, planForBatch } =
    await import('@mm/monitoring');
  const { WorkerModule } = await import('../apps/worker/src/worker.module');
  const { MonitoringQuarterCloseScheduler } = await import('../apps/worker/src/monitoring/monitoring-quarter-close.scheduler');

  // The worker's own quarter-close would fan out over the real calendar's last quarter at start-up:
  // mark that quarter as done so only the measured work runs.
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  const current = lastEndedQuarter(new Date());
  await owner.query(
    `INSERT INTO monitoring_quarter_closes (year, quarter, district_runs, region_runs) VALUES ($1, $2, 0, 0) ON CONFLICT DO NOTHING`,
    [current.year, current.quarter],
  );

  const env = loadEnvironment({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: appUrl,
    DATABASE_MIGRATION_URL: ownerUrl,
    ...(redisUrl ? { REDIS_URL: redisUrl } : { QUEUE_BACKEND: 'postgres' }),
    WORKER_HEALTH_PORT: '0',
    OUTBOX_RECONCILE_INTERVAL_MS: '60000',
    JOB_LOCK_DURATION_MS: '60000',
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), { logger: ['error', 'warn'] });
  await app.init();
  const db = app.get(TenantDatabase);
  const dispatcher = app.get(JobDispatcher);
  const runs = new JobRunRepository();
  const federal = { role: Role.AUTHORITY, userId: null, regionId: null, districtId: null, schoolId: null, national: true };
  const scope = { kind: 'ALL' as const };

  /** Polls the outbox rows until every run finished (the single run: by primary key, every few ms). */
  const waitForRuns = async (ids: string[], intervalMs: number) => {
    const query =
      ids.length === 1
        ? `SELECT (state IN ('COMPLETED', 'FAILED'))::int AS done, (state = 'FAILED')::int AS failed, error FROM job_runs WHERE id = $1`
        : `SELECT count(*) FILTER (WHERE state IN ('COMPLETED', 'FAILED'))::int AS done,
                  count(*) FILTER (WHERE state = 'FAILED')::int AS failed, max(error) AS error FROM job_runs WHERE id = ANY($1::uuid[])`;
    for (;;) {
      const [row] = (await owner.query(query, [ids.length === 1 ? ids[0] : ids])).rows;
      if (row.failed) throw new Error(`${row.failed} run(s) failed: ${row.error}`);
      if (row.done === ids.length) return;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  };

  return {
    async bare() {
      const started = performance.now();
      // The same planner settings as the job's statements (see planForBatch).
      const [result] = await db.transaction(federal, async (tx) => {
        await planForBatch(tx);
        return tx.query(monitoringAggregateSql(scope), monitoringAggregateParameters(scope, YEAR, QUARTER));
      });
      const elapsed = performance.now() - started;
      if (!result.schools) throw new Error('the aggregate saw no schools');
      return elapsed;
    },
    async job() {
      const started = performance.now();
      // As the API records it: in the requester's transaction, then queued after commit.
      const run = await db.transaction(federal, () =>
        runs.record({
          name: JobName.MONITORING_COMPUTE,
          payload: { scope: jobScopeOfMonitoring(scope), year: YEAR, quarter: QUARTER },
          scope: jobScopeOfMonitoring(scope),
        }),
      );
      await dispatcher.dispatch(run);
      await waitForRuns([run.id], 2);
      return performance.now() - started;
    },
    async fanOut() {
      // The quarter-close scheduler's path for 2024 Q4, as the worker would take it on 1 January 2025.
      const scheduler = app.get(MonitoringQuarterCloseScheduler);
      await owner.query(`DELETE FROM monitoring_quarter_closes WHERE year = $1 AND quarter = $2`, [YEAR, QUARTER]);
      const started = performance.now();
      const { runs: recorded } = await scheduler.closeQuarter(new Date(Date.UTC(YEAR + 1, 0, 1, 0, 5)));
      await waitForRuns(
        recorded.map((r) => r.id),
        200,
      );
      return { runs: recorded.length, ms: performance.now() - started };
    },
    async close() {
      await app.close();
      await owner.end();
    },
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number) => `${Math.round(value)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
