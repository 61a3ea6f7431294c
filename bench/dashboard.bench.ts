/**
 * `npm run bench -- dashboard [--schools 40000] [--districts 400] [--regions 85] [--clients 50] [--seconds 10] [--rounds 3]`
 *
 * The district dashboard (the contract's `DistrictMonitoring` query, a district of 100 schools by
 * default) through the full stack — HTTP, Apollo, the auth guard re-reading the user, the scope
 * check, the RLS-scoped transaction reading the stored snapshot — under `clients` concurrent
 * clients, against the same rows read by a bare SQL query on a pg pool (as the owner, no RLS,
 * no transaction) under the same concurrency. Both on the same national data set (the monitoring
 * bench's generator), in `rounds` alternating rounds of `seconds` each after a short warm-up.
 */
import type { Pool } from 'pg';
import { drive, fmt, GraphqlClient, Latencies, machine, numberFlag, startBenchStack } from './bench-stack';
import { seed } from './monitoring.bench';

const YEAR = 2024;
const QUARTER = 4;

const DISTRICT_MONITORING = `query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
    computedAt
    totals { students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent }
    schools {
      school { id code name }
      reportStatus status
      students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent
    }
  }
}`;

const RUN = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`;
const JOB = `query Job($id: ID!) { job(id: $id) { id state progress error } }`;

/** The same rows the dashboard shows: the snapshot's totals and its school rows, by school code. */
const BARE_SQL = `SELECT s.computed_at, s.students AS total_students, s.mentees AS total_mentees, s.mentors AS total_mentors,
       s.mentee_target AS total_mentee_target, s.mentor_target AS total_mentor_target,
       s.coverage_percent::float8 AS total_coverage, s.progress_percent::float8 AS total_progress,
       r.school_id, r.code, r.name, r.report_status, r.status, r.students, r.mentees, r.mentors, r.mentee_target, r.mentor_target,
       r.coverage_percent::float8, r.progress_percent::float8
  FROM monitoring_snapshots s JOIN monitoring_school_rows r ON r.snapshot_id = s.id
 WHERE s.district_id = $1 AND s.year = $2 AND s.quarter = $3
 ORDER BY r.code, r.school_id`;

export async function main(args: string[]): Promise<void> {
  const schools = numberFlag(args, '--schools', 40_000);
  const districts = numberFlag(args, '--districts', 400);
  const regions = numberFlag(args, '--regions', 85);
  const clients = numberFlag(args, '--clients', 50);
  const seconds = numberFlag(args, '--seconds', 10);
  const rounds = numberFlag(args, '--rounds', 3);
  const warmup = Math.min(3, seconds / 3);

  const seedStarted = performance.now();
  const stack = await startBenchStack('dashboard', {
    worker: true,
    // The generator runs in one transaction: one connection of the pool.
    seed: async (owner) => {
      const connection = await owner.connect();
      try {
        await seed(connection as any, { schools, districts, regions });
      } finally {
        connection.release();
      }
    },
  });
  const { Pool } = await import('pg');
  const bare: Pool = new Pool({ connectionString: stack.ownerUrl, max: 20 });
  const client = new GraphqlClient(stack.port, clients);
  try {
    const [district] = (
      await stack.owner
        .query(`SELECT d.id, d.region_id, d.code, count(s.*)::int AS schools FROM districts d JOIN schools s ON s.district_id = d.id
      GROUP BY d.id ORDER BY d.code LIMIT 1`)
    ).rows;
    const [coordinator] = (
      await stack.owner.query(
        `INSERT INTO users (email, password_hash, role, region_id, district_id) VALUES ('coordinator@bench.local', '-', 'DISTRICT_COORDINATOR', $1, $2)
         RETURNING id, role`,
        [district.region_id, district.id],
      )
    ).rows;
    const token = await stack.token(coordinator);
    console.log(
      `data: ${schools} schools in ${districts} districts of ${regions} regions, generated in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s;` +
        ` dashboard of district ${district.code} (${district.schools} schools), ${YEAR} Q${QUARTER}`,
    );

    // The snapshot the dashboard reads, computed the way users get it: a run through the worker.
    const variables = { districtId: district.id, year: YEAR, quarter: QUARTER };
    const run = await client.call(RUN, variables, token);
    if (run.body.errors) throw new Error(`runMonitoring: ${JSON.stringify(run.body.errors)}`);
    for (;;) {
      const job = (await client.call(JOB, { id: run.body.data.runMonitoring.id }, token)).body.data.job;
      if (job.state === 'COMPLETED') break;
      if (job.state === 'FAILED') throw new Error(`monitoring run failed: ${job.error}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const check = await client.call(DISTRICT_MONITORING, variables, token);
    const rows = check.body.data?.districtMonitoring?.schools?.length;
    const bareRows = (await bare.query(BARE_SQL, [district.id, YEAR, QUARTER])).rowCount;
    if (check.status !== 200 || rows !== district.schools || bareRows !== rows) {
      throw new Error(`unexpected answers: API ${check.status} with ${rows} rows, bare ${bareRows} rows`);
    }

    const side = (label: string, op: () => Promise<number>) => ({ label, op, latencies: new Latencies(), ms: 0, failures: 0 });
    const viaSql = side('bare SQL (pg pool of 20, owner, no RLS)', async () => {
      const started = performance.now();
      const result = await bare.query(BARE_SQL, [district.id, YEAR, QUARTER]);
      if (result.rowCount !== rows) throw new Error('short answer');
      return performance.now() - started;
    });
    const viaApi = side('full stack (HTTP + GraphQL + guards + RLS)', async () => {
      const result = await client.call(DISTRICT_MONITORING, variables, token);
      if (result.status !== 200 || result.body.errors || result.body.data.districtMonitoring.schools.length !== rows)
        throw new Error('bad answer');
      return result.ms;
    });
    // Rounds alternate the order, so a neighbour's load on this shared machine weighs on both sides alike.
    for (let round = 0; round < rounds; round++) {
      for (const s of round % 2 ? [viaApi, viaSql] : [viaSql, viaApi]) {
        if (round === 0) await drive({ clients, seconds: warmup }, async () => void (await s.op()));
        const { ms } = await drive({ clients, seconds }, async () => {
          const elapsed = await s.op().catch(() => -1);
          if (elapsed < 0) s.failures++;
          else s.latencies.add(elapsed);
        });
        s.ms += ms;
      }
    }
    const summary = (s: ReturnType<typeof side>) => ({
      rate: (s.latencies.count / s.ms) * 1000,
      p50: s.latencies.percentile(50),
      p99: s.latencies.percentile(99),
    });

    console.log(
      `\ndistrict dashboard, ${rows} schools, ${clients} concurrent clients, ${rounds} rounds of ${seconds} s each side (machine: ${machine()})`,
    );
    const [sql, api] = [summary(viaSql), summary(viaApi)];
    for (const [s, r] of [
      [viaSql, sql],
      [viaApi, api],
    ] as const) {
      console.log(
        `  ${s.label.padEnd(46)} ${fmt.rate(r.rate).padStart(9)}   p50 ${fmt.ms(r.p50).padStart(8)}   p99 ${fmt.ms(r.p99).padStart(8)}` +
          (s.failures ? `   ${s.failures} failed` : ''),
      );
    }
    console.log(
      `  ratio bare / full stack: throughput ${fmt.ratio(sql.rate / api.rate)}, ` +
        `p50 latency full stack / bare ${fmt.ratio(api.p50 / sql.p50)}, p99 ${fmt.ratio(api.p99 / sql.p99)}`,
    );
  } finally {
    client.close();
    await bare.end();
    await stack.close();
  }
}
