/**
 * `npm run bench -- burst [--schools 40000] [--clients 64]`
 *
 * The deadline burst: every school saves its quarterly report and submits it at once —
 * `schools` `saveQuarterlyReport` + `submitQuarterlyReport` pairs through the API (HTTP, auth,
 * scope checks, validation, RLS-scoped transactions with revision, audit row and idempotency
 * record) from `clients` concurrent curators, against the bare SQL transactions doing the same
 * writes (header upsert + revision insert, then the submit's header update + revision insert)
 * on a pg pool of the API's size, same concurrency, same schools, another period. After each
 * side, counts the revisions of every report: 0 lost and 0 duplicated, or it says how many.
 * Clients retry a failed request with the same idempotency key, as the web app does.
 */
import type { Pool, PoolClient } from 'pg';
import { drive, fmt, GraphqlClient, Latencies, machine, numberFlag, startBenchStack } from './bench-stack';
import { seed } from './monitoring.bench';

const SAVE = `mutation SaveQuarterlyReport($input: SaveQuarterlyReportInput!) {
  saveQuarterlyReport(input: $input) {
    id status version
    figures { code value }
    warnings { code message }
  }
}`;
const SUBMIT = `mutation SubmitQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String) {
  submitQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`;

const API_PERIOD = { year: 2025, quarter: 1 };
const BARE_PERIOD = { year: 2026, quarter: 1 };
const ATTEMPTS = 5;

interface School {
  id: string;
  regionId: string;
  districtId: string;
  students: number;
  curator: { id: string; role: string };
}

/** A complete report of the data set that passes every hard rule (the figures of the e2e tests, scaled). */
function figures(school: School): { code: string; value: number }[] {
  const n = school.students;
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

export async function main(args: string[]): Promise<void> {
  const schoolCount = numberFlag(args, '--schools', 40_000);
  const clients = numberFlag(args, '--clients', 64);
  const districts = Math.max(1, Math.round(schoolCount / 16));
  const regions = Math.min(85, districts);

  const stack = await startBenchStack('burst', {
    seed: async (owner) => {
      const connection = await owner.connect();
      try {
        await seed(connection as any, { schools: schoolCount, districts, regions });
      } finally {
        connection.release();
      }
      // One curator per school, written set-based (benchmarks sign their tokens: no password hashing).
      await owner.query(`INSERT INTO users (email, password_hash, role, region_id, district_id, school_id)
        SELECT 'curator.' || code || '@bench.local', '-', 'SCHOOL_CURATOR', region_id, district_id, id FROM schools`);
      await owner.query('ANALYZE');
    },
  });
  const { Pool } = await import('pg');
  const bare: Pool = new Pool({ connectionString: stack.ownerUrl, max: 20 });
  const client = new GraphqlClient(stack.port, clients);
  try {
    const schools: School[] = (
      await stack.owner.query(
        `SELECT s.id, s.region_id AS "regionId", s.district_id AS "districtId", COALESCE(e.students, 300) AS students,
                json_build_object('id', u.id, 'role', u.role) AS curator
           FROM schools s JOIN users u ON u.school_id = s.id
           LEFT JOIN LATERAL (SELECT students FROM enrollments e WHERE e.school_id = s.id ORDER BY year DESC LIMIT 1) e ON true
          ORDER BY s.code`,
      )
    ).rows;
    const tokens = await Promise.all(schools.map((s) => stack.token(s.curator)));
    console.log(
      `data: ${schools.length} schools (a curator each) in ${districts} districts of ${regions} regions; ${clients} concurrent clients; machine: ${machine()}`,
    );

    // Bare SQL first (it also warms the caches both sides use).
    const bareSide = await burst(schools.length, clients, async (i) => {
      const school = schools[i]!;
      const connection = await bare.connect();
      try {
        const [saved] = await transaction(connection, async () => {
          const [report] = (
            await connection.query(
              `INSERT INTO quarterly_reports AS r (region_id, district_id, school_id, year, quarter, status, version, catalogue_version, figures, created_by, updated_by)
               VALUES ($1, $2, $3, $4, $5, 'DRAFT', 1, 1, $6::jsonb, $7, $7)
               ON CONFLICT ON CONSTRAINT quarterly_reports_school_period_key
               DO UPDATE SET figures = EXCLUDED.figures, version = r.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
               RETURNING id, version, status, figures`,
              [
                school.regionId,
                school.districtId,
                school.id,
                BARE_PERIOD.year,
                BARE_PERIOD.quarter,
                JSON.stringify(figureMap(school)),
                school.curator.id,
              ],
            )
          ).rows;
          await revision(connection, school, report, 'SAVE');
          return [report];
        });
        await transaction(connection, async () => {
          const [report] = (
            await connection.query(
              `UPDATE quarterly_reports SET status = 'SUBMITTED', version = version + 1, submitted_at = now(), updated_at = now(), updated_by = $3
                WHERE id = $1 AND version = $2 RETURNING id, version, status, figures`,
              [saved.id, saved.version, school.curator.id],
            )
          ).rows;
          if (!report) throw new Error('stale version');
          await revision(connection, school, report, 'SUBMIT');
        });
      } finally {
        connection.release();
      }
    });
    const bareCheck = await check(stack.owner, BARE_PERIOD, schools.length, schools.length - bareSide.failed);

    const apiSide = await burst(schools.length, clients, async (i) => {
      const school = schools[i]!;
      const token = tokens[i]!;
      const input = { schoolId: school.id, ...API_PERIOD, figures: figures(school), idempotencyKey: `burst-${school.id}` };
      const saved = await retry(async () => {
        const result = await client.call(SAVE, { input }, token);
        return result.status === 200 && !result.body.errors ? result.body.data.saveQuarterlyReport : failure(result);
      });
      await retry(async () => {
        const result = await client.call(SUBMIT, { id: saved.id, expectedVersion: saved.version }, token);
        if (result.status === 200 && !result.body.errors) return result.body.data.submitQuarterlyReport;
        // A retry after a submit whose answer was lost: the report already moved on.
        const extensions = result.body.errors?.[0]?.extensions;
        if (extensions?.code === 'CONFLICT' && extensions.currentStatus === 'SUBMITTED') return { status: 'SUBMITTED' };
        return failure(result);
      });
    });
    const apiCheck = await check(stack.owner, API_PERIOD, schools.length, schools.length - apiSide.failed);
    const [{ keys }] = (await stack.owner.query(`SELECT count(*)::int AS keys FROM idempotency_keys WHERE key LIKE 'burst-%'`)).rows;

    console.log(`\ndeadline burst: ${schools.length} save + submit pairs, ${clients} concurrent clients`);
    for (const [label, side, verified] of [
      ['bare SQL (2 transactions a pair, pg pool of 20)', bareSide, bareCheck],
      ['full stack (HTTP + GraphQL + guards + RLS)', apiSide, apiCheck],
    ] as const) {
      console.log(
        `  ${label.padEnd(48)} ${fmt.rate(side.pairsPerSecond).padStart(9)} pairs   p50 ${fmt.ms(side.p50).padStart(8)}   p99 ${fmt.ms(side.p99).padStart(8)}   ` +
          `${(side.ms / 1000).toFixed(1)} s; ${verified.summary}${side.failed ? `; ${side.failed} pairs failed (${side.firstError})` : ''}`,
      );
    }
    console.log(`  idempotency records of the API side: ${keys} (one per save)`);
    console.log(
      `  ratio bare / full stack throughput: ${fmt.ratio(bareSide.pairsPerSecond / apiSide.pairsPerSecond)}, ` +
        `p50 latency of a pair full stack / bare: ${fmt.ratio(apiSide.p50 / bareSide.p50)}`,
    );
  } finally {
    client.close();
    await bare.end();
    await stack.close();
  }
}

function figureMap(school: School): Record<string, number> {
  return Object.fromEntries(figures(school).map((f) => [f.code, f.value]));
}

async function revision(
  connection: PoolClient,
  school: School,
  report: { id: string; version: number; status: string; figures: unknown },
  action: string,
): Promise<void> {
  await connection.query(
    `INSERT INTO quarterly_report_revisions (report_id, region_id, district_id, school_id, version, action, status, figures, author_id, author_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, 'SCHOOL_CURATOR')`,
    [
      report.id,
      school.regionId,
      school.districtId,
      school.id,
      report.version,
      action,
      report.status,
      JSON.stringify(report.figures),
      school.curator.id,
    ],
  );
}

async function transaction<T>(connection: PoolClient, work: () => Promise<T>): Promise<T> {
  await connection.query('BEGIN');
  try {
    const result = await work();
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

class RequestFailed extends Error {}

function failure(result: { status: number; body: any }): never {
  throw new RequestFailed(
    `HTTP ${result.status} ${JSON.stringify(result.body.errors?.[0]?.extensions?.code ?? result.body).slice(0, 120)}`,
  );
}

/** Retries transient failures (connection errors, 5xx, 429) of a request that carries its idempotency. */
async function retry<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const transient = !(error instanceof RequestFailed) || /^HTTP (5\d\d|429)/.test(error.message);
      if (!transient || attempt >= ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

async function burst(total: number, clients: number, pair: (i: number) => Promise<void>) {
  let next = 0;
  let failed = 0;
  let firstError = '';
  const latencies = new Latencies();
  const { ms } = await drive({ clients, seconds: 24 * 3600, maxOps: total }, async () => {
    const i = next++;
    if (i >= total) return false;
    const started = performance.now();
    try {
      await pair(i);
      latencies.add(performance.now() - started);
    } catch (error) {
      failed++;
      firstError ||= (error as Error).message;
    }
  });
  return {
    ms,
    pairsPerSecond: (latencies.count / ms) * 1000,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    failed,
    firstError,
  };
}

/**
 * Every acknowledged pair's report has exactly its two revisions (versions 1 and 2): `lost` counts
 * acknowledged pairs without them, `duplicated` revisions or reports beyond one pair per school.
 */
async function check(owner: Pool, period: { year: number; quarter: number }, schools: number, acknowledged: number) {
  const [row] = (
    await owner.query(
      `SELECT count(*)::int AS reports,
              count(*) FILTER (WHERE r.status = 'SUBMITTED' AND r.version = 2 AND v.versions = ARRAY[1, 2])::int AS complete,
              COALESCE(sum(v.n), 0)::int AS revisions
         FROM quarterly_reports r
         CROSS JOIN LATERAL (SELECT count(*)::int AS n, array_agg(version ORDER BY version) AS versions
                               FROM quarterly_report_revisions WHERE report_id = r.id) v
        WHERE r.year = $1 AND r.quarter = $2`,
      [period.year, period.quarter],
    )
  ).rows;
  const lost = Math.max(0, acknowledged - row.complete);
  const duplicated = Math.max(0, row.revisions - 2 * row.reports) + Math.max(0, row.reports - schools);
  return { lost, duplicated, summary: `${row.complete} reports submitted with 2 revisions: ${lost} lost, ${duplicated} duplicated` };
}
