/**
 * `npm run bench -- statements`
 *
 * What one request sends to PostgreSQL, read from the server's own statement log
 * (`log_statement = all`, one line per statement the server executed): the district dashboard
 * (`DistrictMonitoring`, a district of 100 schools), a curator's save of the quarterly report and
 * its submit. Prints, per request, the statements and transactions of the API's role, each
 * statement abbreviated. Nothing is timed: the count is the figure.
 */
import { GraphqlClient, startBenchStack } from './bench-stack';
import { seed } from './monitoring.bench';

const DASHBOARD = `query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
    computedAt
    totals { students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent }
    schools { school { id code name } reportStatus status students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent }
  }
}`;
const SAVE = `mutation SaveQuarterlyReport($input: SaveQuarterlyReportInput!) {
  saveQuarterlyReport(input: $input) { id status version figures { code value } warnings { code message } }
}`;
const SUBMIT = `mutation SubmitQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String) {
  submitQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`;
const RUN = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) { runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id } }`;
const JOB = `query Job($id: ID!) { job(id: $id) { state } }`;

const APP_ROLE = 'mm_bench_statements_app';

export async function main(): Promise<void> {
  const lines: string[] = [];
  let recording = false;
  const stack = await startBenchStack('statements', {
    worker: true,
    postgresLog: (chunk) => {
      if (!recording) return;
      // Parameters (DETAIL lines) are left out: they hold e-mails and figures.
      for (const line of String(chunk).split('\n')) if (line.includes(`[${APP_ROLE}]`) && !line.includes('DETAIL:')) lines.push(line);
    },
    seed: async (owner) => {
      const connection = await owner.connect();
      try {
        await seed(connection as any, { schools: 200, districts: 2, regions: 1 });
      } finally {
        connection.release();
      }
    },
  });
  const client = new GraphqlClient(stack.port, 1);
  try {
    const [district] = (await stack.owner.query(`SELECT id, region_id FROM districts ORDER BY code LIMIT 1`)).rows;
    const [coordinator] = (
      await stack.owner.query(
        `INSERT INTO users (email, password_hash, role, region_id, district_id) VALUES ('coordinator@bench.local', '-', 'DISTRICT_COORDINATOR', $1, $2) RETURNING id, role`,
        [district.region_id, district.id],
      )
    ).rows;
    const [school] = (
      await stack.owner.query(`SELECT id, region_id, district_id FROM schools WHERE district_id = $1 ORDER BY code LIMIT 1`, [district.id])
    ).rows;
    const [curator] = (
      await stack.owner.query(
        `INSERT INTO users (email, password_hash, role, region_id, district_id, school_id) VALUES ('curator@bench.local', '-', 'SCHOOL_CURATOR', $1, $2, $3) RETURNING id, role`,
        [school.region_id, school.district_id, school.id],
      )
    ).rows;
    const [coordinatorToken, curatorToken] = await Promise.all([stack.token(coordinator), stack.token(curator)]);
    const period = { districtId: district.id, year: 2024, quarter: 4 };
    const run = await client.call(RUN, period, coordinatorToken);
    for (;;) {
      const job = (await client.call(JOB, { id: run.body.data.runMonitoring.id }, coordinatorToken)).body.data.job;
      if (job.state === 'COMPLETED') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await stack.owner.query(`ALTER SYSTEM SET log_statement = 'all'`);
    await stack.owner.query(`ALTER SYSTEM SET log_line_prefix = '[%u] '`);
    await stack.owner.query(`SELECT pg_reload_conf()`);
    await new Promise((r) => setTimeout(r, 300));

    const measure = async (label: string, call: () => Promise<{ body: any }>) => {
      // Warm: the first call of a kind prepares its statements on the connection it gets.
      lines.length = 0;
      recording = true;
      const result = await call();
      await new Promise((r) => setTimeout(r, 300)); // the log arrives through the server's stderr
      recording = false;
      if (result.body.errors) throw new Error(`${label}: ${JSON.stringify(result.body.errors)}`);
      const statements = lines.map((l) =>
        l
          .replace(/^.*?(statement|execute [^:]*): /, '')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      const transactions = statements.filter((s) => /^BEGIN\b/i.test(s) || /^START TRANSACTION/i.test(s)).length;
      console.log(`\n${label}: ${statements.length} statements in ${transactions} transaction${transactions === 1 ? '' : 's'}`);
      for (const s of statements) console.log(`    ${s.length > 150 ? `${s.slice(0, 147)}...` : s}`);
      return result;
    };
    await measure('district dashboard (DistrictMonitoring, 100 schools)', () => client.call(DASHBOARD, period, coordinatorToken));
    const figures = [
      { code: 'STUDENTS', value: 500 },
      { code: 'MENTEES_STUDENTS', value: 100 },
      { code: 'MENTORS_STUDENTS', value: 20 },
      { code: 'TEACHERS', value: 40 },
      { code: 'MENTEES_TEACHERS', value: 10 },
      { code: 'MENTEES_YOUNG_SPECIALISTS', value: 3 },
      { code: 'MENTORS_TEACHERS', value: 8 },
    ];
    const input = { schoolId: school.id, year: 2025, quarter: 1, figures, idempotencyKey: 'statements-bench-1' };
    const saved = await measure('save (saveQuarterlyReport, new report, idempotency key)', () =>
      client.call(SAVE, { input }, curatorToken),
    );
    const report = saved.body.data.saveQuarterlyReport;
    await measure('submit (submitQuarterlyReport)', () =>
      client.call(SUBMIT, { id: report.id, expectedVersion: report.version }, curatorToken),
    );
    await measure('district dashboard again (statements prepared on the connection)', () =>
      client.call(DASHBOARD, period, coordinatorToken),
    );
  } finally {
    client.close();
    await stack.close();
  }
}
