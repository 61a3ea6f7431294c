/**
 * `npm run bench -- scale [--schools 2000] [--clients 32] [--seconds 10]`
 *
 * The deadline burst (every school saves and submits its quarterly report) and the district
 * dashboard, first against 1 API + 1 worker, then against 2 API + 2 worker processes on the same
 * PostgreSQL and Redis (child processes started from the sources, like the replicas test), the
 * requests spread round-robin over the API replicas. Printed side by side with the correctness
 * figures: reports lost or duplicated, jobs that ran more than once.
 *
 * On a machine with 2 cores the replicas compete with PostgreSQL and each other for the same
 * cores: the figures show the overhead of replicas, not a speed-up. They are a baseline to
 * compare on a bigger machine.
 */
import { JwtService } from '@nestjs/jwt';
import * as fs from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Replica, spawnReplica } from '../test/harness/replicas';
import { drive, fmt, GraphqlClient, Latencies, machine, numberFlag } from './bench-stack';
import { seed } from './monitoring.bench';

const SAVE = `mutation($input: SaveQuarterlyReportInput!) { saveQuarterlyReport(input: $input) { id status version } }`;
const SUBMIT = `mutation($id: ID!, $expectedVersion: Int!) { submitQuarterlyReport(id: $id, expectedVersion: $expectedVersion) { id status version } }`;
const RUN = `mutation($districtId: ID!, $year: Int!, $quarter: Int!) { runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { state error } }`;
const DASHBOARD = `query($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
    computedAt
    totals { students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent }
    schools { school { id code name } reportStatus status students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent }
  }
}`;
const JWT_SECRET = `scale-bench-${Date.now()}-0123456789abcdefghijklmnop`;

interface School {
  id: string;
  students: number;
  curator: string;
}

interface Figures {
  burstRate: number;
  burstP50: number;
  burstP99: number;
  burstFailed: number;
  lost: number;
  duplicated: number;
  dashRate: number;
  dashP50: number;
  dashP99: number;
  dashFailed: number;
  jobs: number;
  jobsRepeated: number;
  startSeconds: number;
}

export async function main(args: string[]): Promise<void> {
  const schoolCount = numberFlag(args, '--schools', 2000);
  const clients = numberFlag(args, '--clients', 32);
  const seconds = numberFlag(args, '--seconds', 10);
  const districts = Math.max(1, Math.round(schoolCount / 100));
  const regions = Math.min(10, districts);

  const { startEmbeddedPostgres, findRedisServer, startLocalRedis } = await import('@mm/embedded');
  const { runMigrations } = await import('@mm/database');
  const { lastEndedQuarter } = await import('@mm/monitoring');
  const work = fs.mkdtempSync(join(tmpdir(), 'mm-bench-scale-'));
  fs.chmodSync(work, 0o755);
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(work, { recursive: true, force: true })];
  try {
    const server = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), superuserPassword: 'bench', persistent: false });
    cleanups.unshift(() => server.stop());
    const admin = new Pool({ connectionString: server.superuserUrl, max: 1 });
    await admin.query(`CREATE DATABASE mm_bench_scale`);
    await admin.end();
    const ownerUrl = server.urlFor('mm_bench_scale');
    const appUrl = server.urlFor('mm_bench_scale', 'mm_bench_scale_app', 'bench-app-password');
    await runMigrations(ownerUrl, appUrl);
    const owner = new Pool({ connectionString: ownerUrl, max: 4 });
    cleanups.unshift(() => owner.end());
    const connection = await owner.connect();
    try {
      await seed(connection as any, { schools: schoolCount, districts, regions });
    } finally {
      connection.release();
    }
    await owner.query(`INSERT INTO users (email, password_hash, role, region_id, district_id, school_id)
      SELECT 'curator.' || code || '@bench.local', '-', 'SCHOOL_CURATOR', region_id, district_id, id FROM schools`);
    const current = lastEndedQuarter(new Date());
    // Only the benchmark's runs: the workers' quarter close finds this quarter done.
    await owner.query(`INSERT INTO monitoring_quarter_closes (year, quarter, district_runs, region_runs) VALUES ($1, $2, 0, 0)`, [
      current.year,
      current.quarter,
    ]);
    const [district] = (
      await owner.query(`SELECT d.id, d.region_id, d.code, count(s.*)::int AS schools FROM districts d JOIN schools s ON s.district_id = d.id
      GROUP BY d.id ORDER BY d.code LIMIT 1`)
    ).rows;
    const [coordinator] = (
      await owner.query(
        `INSERT INTO users (email, password_hash, role, region_id, district_id) VALUES ('coordinator@bench.local', '-', 'DISTRICT_COORDINATOR', $1, $2) RETURNING id, role`,
        [district.region_id, district.id],
      )
    ).rows;
    await owner.query('ANALYZE');

    if (!findRedisServer()) throw new Error('redis-server is not installed (apt-get install redis-server)');
    const redis = await startLocalRedis({ dir: join(work, 'redis') });
    cleanups.unshift(() => redis.stop());

    const jwt = new JwtService({
      secret: JWT_SECRET,
      signOptions: { algorithm: 'HS256', issuer: 'mentorship-monitor', expiresIn: 8 * 3600 },
    });
    const schools: School[] = [];
    for (const row of (
      await owner.query(`SELECT s.id, COALESCE(e.students, 300) AS students, u.id AS curator_id FROM schools s JOIN users u ON u.school_id = s.id
        LEFT JOIN LATERAL (SELECT students FROM enrollments e WHERE e.school_id = s.id ORDER BY year DESC LIMIT 1) e ON true ORDER BY s.code`)
    ).rows) {
      schools.push({
        id: row.id,
        students: row.students,
        curator: await jwt.signAsync({ sub: row.curator_id, role: 'SCHOOL_CURATOR', ver: 0 }),
      });
    }
    const coordinatorToken = await jwt.signAsync({ sub: coordinator.id, role: coordinator.role, ver: 0 });
    console.log(
      `data: ${schools.length} schools (a curator each) in ${districts} districts of ${regions} regions; ${clients} concurrent clients; ` +
        `dashboard of district ${district.code} (${district.schools} schools); machine: ${machine()}`,
    );

    const env: Record<string, string> = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      DATABASE_URL: appUrl,
      DATABASE_MIGRATION_URL: ownerUrl,
      REDIS_URL: redis.url,
      QUEUE_BACKEND: 'redis',
      DATA_DIR: join(work, 'data'),
      JWT_SECRET,
      JOB_LOCK_DURATION_MS: '60000',
      OUTBOX_RECONCILE_INTERVAL_MS: '30000',
    };
    const results: Figures[] = [];
    for (const [index, replicas] of [1, 2].entries()) {
      const period = { year: 2025, quarter: index + 1 };
      results.push(await measure(replicas, period));
    }

    const rows: [string, (f: Figures) => string][] = [
      ['start-up of the processes', (f) => `${f.startSeconds.toFixed(1)} s`],
      ['burst: save + submit pairs', (f) => fmt.rate(f.burstRate)],
      ['burst: pair p50 / p99', (f) => `${fmt.ms(f.burstP50)} / ${fmt.ms(f.burstP99)}`],
      ['burst: failed, lost, duplicated', (f) => `${f.burstFailed}, ${f.lost}, ${f.duplicated}`],
      ['dashboard: requests', (f) => fmt.rate(f.dashRate)],
      ['dashboard: p50 / p99', (f) => `${fmt.ms(f.dashP50)} / ${fmt.ms(f.dashP99)}`],
      ['dashboard: failed', (f) => String(f.dashFailed)],
      ['jobs recorded / run more than once', (f) => `${f.jobs} / ${f.jobsRepeated}`],
    ];
    console.log(
      `\nscale: ${schools.length} schools, ${clients} clients, dashboard ${seconds} s; requests round-robin over the API replicas`,
    );
    console.log(`  ${''.padEnd(38)} ${'1 API + 1 worker'.padStart(20)} ${'2 API + 2 workers'.padStart(20)}`);
    for (const [label, value] of rows)
      console.log(`  ${label.padEnd(38)} ${value(results[0]!).padStart(20)} ${value(results[1]!).padStart(20)}`);
    console.log(
      `  ratio 2+2 / 1+1: burst throughput ${fmt.ratio(results[1]!.burstRate / results[0]!.burstRate)}, dashboard throughput ${fmt.ratio(results[1]!.dashRate / results[0]!.dashRate)}`,
    );
    console.log(
      `  (this machine has ${cpus().length} cores shared by PostgreSQL, Redis, the replicas and this client: ` +
        'the difference is the overhead of replicas, not their speed-up)',
    );

    async function measure(replicas: number, period: { year: number; quarter: number }): Promise<Figures> {
      const started = performance.now();
      const processes: Replica[] = await Promise.all([
        ...Array.from({ length: replicas }, (_, i) => spawnReplica('api', `api-${i + 1}`, env)),
        ...Array.from({ length: replicas }, (_, i) => spawnReplica('worker', `worker-${i + 1}`, env)),
      ]);
      const startSeconds = (performance.now() - started) / 1000;
      const apis = processes.filter((p) => p.kind === 'api');
      const httpClients = apis.map((api) => new GraphqlClient(Number(new URL(api.url).port), Math.ceil(clients / apis.length)));
      let turn = 0;
      const call = (query: string, variables: Record<string, unknown>, token: string) =>
        httpClients[turn++ % httpClients.length]!.call(query, variables, token);
      try {
        const jobsBefore = Number((await owner.query(`SELECT count(*) AS n FROM job_runs`)).rows[0].n);
        // The deadline burst.
        let next = 0;
        let failed = 0;
        const pairs = new Latencies();
        const burst = await drive({ clients, seconds: 24 * 3600, maxOps: schools.length }, async () => {
          const i = next++;
          if (i >= schools.length) return false;
          const school = schools[i]!;
          const pairStarted = performance.now();
          try {
            const input = {
              schoolId: school.id,
              ...period,
              figures: figures(school.students),
              idempotencyKey: `scale-${period.quarter}-${school.id}`,
            };
            const saved = await retry(
              () => call(SAVE, { input }, school.curator),
              (b) => b.data.saveQuarterlyReport,
            );
            await retry(
              () => call(SUBMIT, { id: saved.id, expectedVersion: saved.version }, school.curator),
              (b) => b.data.submitQuarterlyReport,
              (b) => b.errors?.[0]?.extensions?.code === 'CONFLICT' && b.errors[0].extensions.currentStatus === 'SUBMITTED',
            );
            pairs.add(performance.now() - pairStarted);
          } catch {
            failed++;
          }
        });
        const [stored] = (
          await owner.query(
            `SELECT count(*)::int AS reports, count(*) FILTER (WHERE r.status = 'SUBMITTED' AND r.version = 2 AND v.n = 2)::int AS complete, COALESCE(sum(v.n), 0)::int AS revisions
               FROM quarterly_reports r CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM quarterly_report_revisions WHERE report_id = r.id) v
              WHERE r.year = $1 AND r.quarter = $2`,
            [period.year, period.quarter],
          )
        ).rows;
        // The dashboard, its snapshot computed by a run through the workers.
        const variables = { districtId: district.id, ...period };
        const run = await call(RUN, variables, coordinatorToken);
        if (run.body.errors) throw new Error(`runMonitoring: ${JSON.stringify(run.body.errors)}`);
        for (;;) {
          const job = (await call(JOB, { id: run.body.data.runMonitoring.id }, coordinatorToken)).body.data.job;
          if (job.state === 'COMPLETED') break;
          if (job.state === 'FAILED') throw new Error(`monitoring run failed: ${job.error}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const dashboard = new Latencies();
        let dashFailed = 0;
        await drive({ clients, seconds: Math.min(3, seconds / 3) }, async () => void (await call(DASHBOARD, variables, coordinatorToken)));
        const dash = await drive({ clients, seconds }, async () => {
          const result = await call(DASHBOARD, variables, coordinatorToken);
          if (result.status !== 200 || result.body.errors || result.body.data.districtMonitoring.schools.length !== district.schools)
            dashFailed++;
          else dashboard.add(result.ms);
        });
        // Every job of this round (the submits' monitoring triggers, the run) finished, each run once.
        for (;;) {
          const [{ pending }] = (await owner.query(`SELECT count(*)::int AS pending FROM job_runs WHERE state IN ('QUEUED', 'RUNNING')`))
            .rows;
          if (pending === 0) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        const [jobs] = (
          await owner.query(
            `SELECT count(*)::int AS n, count(*) FILTER (WHERE attempts > 1 OR state <> 'COMPLETED')::int AS repeated FROM (SELECT * FROM job_runs ORDER BY created_at OFFSET $1) j`,
            [jobsBefore],
          )
        ).rows;
        return {
          startSeconds,
          burstRate: (pairs.count / burst.ms) * 1000,
          burstP50: pairs.percentile(50),
          burstP99: pairs.percentile(99),
          burstFailed: failed,
          lost: Math.max(0, schools.length - failed - stored.complete),
          duplicated: Math.max(0, stored.revisions - 2 * stored.reports) + Math.max(0, stored.reports - schools.length),
          dashRate: (dashboard.count / dash.ms) * 1000,
          dashP50: dashboard.percentile(50),
          dashP99: dashboard.percentile(99),
          dashFailed,
          jobs: jobs.n,
          jobsRepeated: jobs.repeated,
        };
      } finally {
        for (const c of httpClients) c.close();
        await Promise.all(processes.map((p) => p.stop()));
      }
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((e) => console.error(`cleanup: ${(e as Error).message}`));
  }
}

/** A complete report that passes every hard rule (the burst bench's figures). */
function figures(n: number): { code: string; value: number }[] {
  return [
    { code: 'STUDENTS', value: n },
    { code: 'MENTEES_STUDENTS', value: Math.floor(n / 5) },
    { code: 'MENTORS_STUDENTS', value: Math.floor(n / 25) },
    { code: 'TEACHERS', value: Math.max(1, Math.floor(n / 12)) },
    { code: 'MENTEES_TEACHERS', value: Math.floor(n / 50) },
    { code: 'MENTEES_YOUNG_SPECIALISTS', value: Math.floor(n / 160) },
    { code: 'MENTORS_TEACHERS', value: Math.floor(n / 60) },
  ];
}

/** Retries transient failures (connection errors, 5xx, 429) of a request that is safe to repeat. */
async function retry<T>(
  request: () => Promise<{ status: number; body: any }>,
  value: (body: any) => T,
  alreadyDone?: (body: any) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let transient = true;
    let message: string;
    try {
      const result = await request();
      if (result.status === 200 && !result.body.errors) return value(result.body);
      if (alreadyDone?.(result.body)) return undefined as T;
      transient = result.status >= 500 || result.status === 429;
      message = `HTTP ${result.status} ${JSON.stringify(result.body.errors?.[0]?.extensions?.code ?? '')}`;
    } catch (error) {
      message = (error as Error).message;
    }
    if (!transient || attempt >= 5) throw new Error(message);
    await new Promise((r) => setTimeout(r, 100 * attempt));
  }
}
