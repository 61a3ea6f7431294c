/**
 * `npm run bench -- rls [--schools 40000] [--districts 2500] [--regions 85] [--district-schools 100] [--iterations 1000]`
 *
 * The cost of row-level security on the two district reads that matter: the dashboard read (the
 * snapshot's totals and school rows of one district, the bare SQL of the dashboard bench) and the
 * district's monitoring computation (the bare aggregate of the monitoring bench, district scope,
 * with the job's planner settings). Each runs
 *
 * * RLS      — as the runtime role (the API's login), in a transaction opened the API's way: BEGIN
 *              and the district coordinator's scope (`set_config('app.*', …, true)`) in one round
 *              trip, the statement, COMMIT;
 * * explicit — the same SQL text as the owner (a superuser: no RLS), in a transaction of the same
 *              shape without the scope (BEGIN in one round trip, the statement, COMMIT); its
 *              `district_id = …` filters are the only scoping;
 *
 * `iterations` times each on one connection per side, alternating (A B B A …) after a warm-up,
 * both as named prepared statements, on the national data set (the monitoring bench's generator;
 * the district made a city district of `district-schools` schools as in the approval bench).
 * Printed: the statement's latency on each side and the whole transaction's (BEGIN, statement,
 * COMMIT), and their ratios RLS / explicit (goal ≤ 1.2×). Both sides open a transaction so that
 * each statement follows a round trip on its connection: on a busy machine a backend woken from
 * idle answers later than one just used, which would otherwise count against the explicit side.
 */
import { Client } from 'pg';
import { fmt, GraphqlClient, Latencies, machine, numberFlag, startBenchStack } from './bench-stack';
import { cityDistrict } from './approval.bench';
import { seed } from './monitoring.bench';

const YEAR = 2024;
const QUARTER = 4;

/** The dashboard bench's bare SQL: the snapshot's totals and its school rows, by school code. */
const DASHBOARD_SQL = `SELECT s.computed_at, s.students AS total_students, s.mentees AS total_mentees, s.mentors AS total_mentors,
       s.mentee_target AS total_mentee_target, s.mentor_target AS total_mentor_target,
       s.coverage_percent::float8 AS total_coverage, s.progress_percent::float8 AS total_progress,
       r.school_id, r.code, r.name, r.report_status, r.status, r.students, r.mentees, r.mentors, r.mentee_target, r.mentor_target,
       r.coverage_percent::float8, r.progress_percent::float8
  FROM monitoring_snapshots s JOIN monitoring_school_rows r ON r.snapshot_id = s.id
 WHERE s.district_id = $1 AND s.year = $2 AND s.quarter = $3
 ORDER BY r.code, r.school_id`;

const RUN = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`;
const JOB = `query Job($id: ID!) { job(id: $id) { id state progress error } }`;

interface Side {
  label: string;
  statement: Latencies;
  whole: Latencies;
  run(): Promise<{ statementMs: number; wholeMs: number; answer: string }>;
}

export async function main(args: string[]): Promise<void> {
  const schools = numberFlag(args, '--schools', 40_000);
  const districts = numberFlag(args, '--districts', 2_500);
  const regions = numberFlag(args, '--regions', 85);
  const districtSchools = numberFlag(args, '--district-schools', 100);
  const iterations = numberFlag(args, '--iterations', 1000);
  const warmup = Math.min(50, Math.ceil(iterations / 10));

  const seedStarted = performance.now();
  let district: { id: string; region_id: string; code: string; schools: number } | undefined;
  const stack = await startBenchStack('rls', {
    worker: true,
    seed: async (owner) => {
      const connection = await owner.connect();
      try {
        await seed(connection as any, { schools, districts, regions });
      } finally {
        connection.release();
      }
      district = await cityDistrict(owner, districtSchools);
    },
  });
  const { monitoringAggregateParameters, monitoringAggregateSql } = await import('@mm/monitoring');
  const client = new GraphqlClient(stack.port, 1);
  const connections: Client[] = [];
  const connect = async (url: string) => {
    const connection = new Client({ connectionString: url });
    await connection.connect();
    connections.push(connection);
    return connection;
  };
  try {
    const target = district!;
    const [coordinator] = (
      await stack.owner.query(
        `INSERT INTO users (email, password_hash, role, region_id, district_id) VALUES ('coordinator@bench.local', '-', 'DISTRICT_COORDINATOR', $1, $2)
         RETURNING id, role`,
        [target.region_id, target.id],
      )
    ).rows;
    const token = await stack.token(coordinator);

    // The snapshot the dashboard reads, computed through the worker.
    const run = await client.call(RUN, { districtId: target.id, year: YEAR, quarter: QUARTER }, token);
    if (run.body.errors) throw new Error(`runMonitoring: ${JSON.stringify(run.body.errors)}`);
    for (;;) {
      const job = (await client.call(JOB, { id: run.body.data.runMonitoring.id }, token)).body.data.job;
      if (job.state === 'COMPLETED') break;
      if (job.state === 'FAILED') throw new Error(`monitoring run failed: ${job.error}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(
      `data: ${schools} schools in ${districts} districts of ${regions} regions, generated in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; ` +
        `district ${target.code} (${target.schools} schools), ${YEAR} Q${QUARTER}; machine: ${machine()}`,
    );

    const scope = { kind: 'DISTRICT' as const, regionId: target.region_id, districtId: target.id };
    const coordinatorScope =
      `SELECT set_config('app.role', 'DISTRICT_COORDINATOR', true), set_config('app.region_id', '${uuid(target.region_id)}', true), ` +
      `set_config('app.district_id', '${uuid(target.id)}', true), set_config('app.user_id', '', true), set_config('app.school_id', '', true)`;
    // The monitoring job's planner settings (planForBatch), for the transaction.
    const batch = `SELECT set_config('enable_nestloop', 'off', true), set_config('work_mem', '64MB', true)`;

    const reads = [
      {
        label: 'dashboard read (snapshot + school rows)',
        sql: DASHBOARD_SQL,
        parameters: [target.id, YEAR, QUARTER],
        begin: `BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY; ${coordinatorScope}`,
        ownerBegin: `BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY`,
        answer: (rows: any[]) => `${rows.length} rows, ${rows.reduce((sum, r) => sum + (r.mentees ?? 0), 0)} mentees`,
        app: await connect(stack.appUrl),
        owner: await connect(stack.ownerUrl),
      },
      {
        label: 'monitoring computation (district aggregate)',
        sql: monitoringAggregateSql(scope),
        parameters: monitoringAggregateParameters(scope, YEAR, QUARTER),
        begin: `BEGIN ISOLATION LEVEL READ COMMITTED; ${coordinatorScope}; ${batch}`,
        ownerBegin: `BEGIN ISOLATION LEVEL READ COMMITTED; ${batch}`,
        answer: (rows: any[]) => JSON.stringify(rows[0]),
        app: await connect(stack.appUrl),
        owner: await connect(stack.ownerUrl),
      },
    ];

    console.log(
      `\nrow-level security, district ${target.code} (${target.schools} schools), ${iterations} iterations a side alternating, one connection a side (machine: ${machine()})`,
    );
    for (const read of reads) {
      const name = (side: string) => `bench_rls_${side}_${reads.indexOf(read)}`;
      const rls: Side = {
        label: 'RLS (runtime role, coordinator scope, transaction)',
        statement: new Latencies(),
        whole: new Latencies(),
        async run() {
          const started = performance.now();
          await read.app.query(read.begin);
          const before = performance.now();
          const result = await read.app.query({ name: name('app'), text: read.sql, values: read.parameters as any[] });
          const statementMs = performance.now() - before;
          await read.app.query('COMMIT');
          return { statementMs, wholeMs: performance.now() - started, answer: read.answer(result.rows) };
        },
      };
      const explicit: Side = {
        label: 'explicit (owner, no RLS, WHERE district_id = …, transaction)',
        statement: new Latencies(),
        whole: new Latencies(),
        async run() {
          const started = performance.now();
          await read.owner.query(read.ownerBegin);
          const before = performance.now();
          const result = await read.owner.query({ name: name('owner'), text: read.sql, values: read.parameters as any[] });
          const statementMs = performance.now() - before;
          await read.owner.query('COMMIT');
          return { statementMs, wholeMs: performance.now() - started, answer: read.answer(result.rows) };
        },
      };
      // Both sides must see the same rows, or the comparison means nothing.
      const [a, b] = [await rls.run(), await explicit.run()];
      if (a.answer !== b.answer) throw new Error(`${read.label}: RLS answers ${a.answer}, explicit ${b.answer}`);
      for (let i = 0; i < warmup; i++) {
        await rls.run();
        await explicit.run();
      }
      for (let i = 0; i < iterations; i++) {
        // A B B A: neither side always runs first.
        for (const side of i % 2 ? [explicit, rls] : [rls, explicit]) {
          const { statementMs, wholeMs } = await side.run();
          side.statement.add(statementMs);
          side.whole.add(wholeMs);
        }
      }
      console.log(`  ${read.label} — ${a.answer.length > 60 ? `${a.answer.slice(0, 60)}…` : a.answer}`);
      for (const side of [rls, explicit]) {
        console.log(
          `    ${side.label.padEnd(64)} statement p50 ${fmt.ms(side.statement.percentile(50)).padStart(8)}   p95 ${fmt.ms(side.statement.percentile(95)).padStart(8)}` +
            `   whole transaction p50 ${fmt.ms(side.whole.percentile(50)).padStart(8)}   p95 ${fmt.ms(side.whole.percentile(95)).padStart(8)}`,
        );
      }
      const ratio = (p: number, of: 'statement' | 'whole') => fmt.ratio(rls[of].percentile(p) / explicit[of].percentile(p));
      console.log(
        `    ratio RLS / explicit: statement p50 ${ratio(50, 'statement')}, p95 ${ratio(95, 'statement')}; ` +
          `whole transaction p50 ${ratio(50, 'whole')}, p95 ${ratio(95, 'whole')} (goal ≤ 1.2×)`,
      );
    }
  } finally {
    client.close();
    for (const connection of connections) await connection.end().catch(() => undefined);
    await stack.close();
  }
}

function uuid(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new Error(`not a UUID: ${value}`);
  return value;
}
