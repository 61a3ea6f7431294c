/**
 * `npm run bench -- load [--clients 200] [--seconds 60] [--districts 20] [--schools-per-district 100] [--writers 0.25] [--max-requests 1000000]`
 *
 * A mixed load on loopback (127.0.0.1 only): `clients` concurrent clients for `seconds` (and at
 * most `max-requests` requests), a `writers` share of them curators saving and submitting
 * quarterly reports (each save with its own idempotency key, each submit from the saved
 * version), the rest reading the district dashboard (districtMonitoring), the district's target
 * plan (districtTargetPlan) and a school's report (quarterlyReport), with the contract's
 * operations. Reports the rate and latency per operation and the HTTP statuses, then checks that
 * there was no 5xx and that nothing was lost: every acknowledged save and submit has its revision,
 * and there is no revision beyond them.
 */
import { drive, flag, fmt, GraphqlClient, Latencies, machine, numberFlag, startBenchStack } from './bench-stack';
import { seed } from './monitoring.bench';

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
const TARGET_PLAN = `query DistrictTargetPlan($districtId: ID!, $fromYear: Int!, $toYear: Int!) {
  districtTargetPlan(districtId: $districtId, fromYear: $fromYear, toYear: $toYear) {
    rows {
      school { id code name }
      cells { year students mentorBase menteeTarget mentorTarget }
    }
    totals { year students mentorBase menteeTarget mentorTarget }
  }
}`;
const REPORT = `query QuarterlyReport($schoolId: ID!, $year: Int!, $quarter: Int!) {
  quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {
    id status version
    figures { code value }
    revisions { version status createdAt author { email } }
  }
}`;
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
const RUN = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`;
const JOB = `query Job($id: ID!) { job(id: $id) { id state progress error } }`;

const READ_PERIOD = { year: 2024, quarter: 4 };
/** Submissions go to quarters with no report yet: 2025 Q1 onwards, a fresh (school, quarter) each. */
const FIRST_WRITE_YEAR = 2025;

interface School {
  id: string;
  districtId: string;
  students: number;
  token: string;
}

export async function main(args: string[]): Promise<void> {
  const clients = numberFlag(args, '--clients', 200);
  const seconds = numberFlag(args, '--seconds', 60);
  const districtCount = numberFlag(args, '--districts', 20);
  const perDistrict = numberFlag(args, '--schools-per-district', 100);
  const writerShare = args.includes('--writers') ? Number(flag(args, '--writers')) : 0.25;
  if (!(writerShare >= 0 && writerShare <= 1)) throw new Error('--writers is the share of submitting clients, 0 to 1');
  const maxRequests = numberFlag(args, '--max-requests', 1_000_000);
  const writers = Math.round(clients * writerShare);

  const stack = await startBenchStack('load', {
    worker: true,
    seed: async (owner) => {
      const connection = await owner.connect();
      try {
        await seed(connection as any, { schools: districtCount * perDistrict, districts: districtCount, regions: 1 });
      } finally {
        connection.release();
      }
      await owner.query(`INSERT INTO users (email, password_hash, role, region_id, district_id, school_id)
        SELECT 'curator.' || code || '@bench.local', '-', 'SCHOOL_CURATOR', region_id, district_id, id FROM schools`);
      await owner.query(`INSERT INTO users (email, password_hash, role, region_id, district_id)
        SELECT 'coordinator.' || code || '@bench.local', '-', 'DISTRICT_COORDINATOR', region_id, id FROM districts`);
      await owner.query('ANALYZE');
    },
  });
  const client = new GraphqlClient(stack.port, clients);
  try {
    const districts: { id: string; token: string }[] = [];
    for (const d of (
      await stack.owner.query(
        `SELECT d.id, u.id AS "userId", u.role FROM districts d JOIN users u ON u.district_id = d.id AND u.role = 'DISTRICT_COORDINATOR' ORDER BY d.code`,
      )
    ).rows) {
      districts.push({ id: d.id, token: await stack.token({ id: d.userId, role: d.role }) });
    }
    const schools: School[] = [];
    for (const s of (
      await stack.owner.query(`SELECT s.id, s.district_id AS "districtId", u.id AS "userId", u.role, COALESCE(e.students, 300) AS students
        FROM schools s JOIN users u ON u.school_id = s.id
        LEFT JOIN LATERAL (SELECT students FROM enrollments e WHERE e.school_id = s.id ORDER BY year DESC LIMIT 1) e ON true ORDER BY s.code`)
    ).rows) {
      schools.push({ id: s.id, districtId: s.districtId, students: s.students, token: await stack.token({ id: s.userId, role: s.role }) });
    }

    // The dashboards read snapshots: compute them the way users do, a run per district through the worker.
    const runs = await Promise.all(
      districts.map(async (d) => (await client.call(RUN, { districtId: d.id, ...READ_PERIOD }, d.token)).body.data.runMonitoring.id),
    );
    for (const [i, id] of runs.entries()) {
      for (;;) {
        const job = (await client.call(JOB, { id }, districts[i]!.token)).body.data.job;
        if (job.state === 'COMPLETED') break;
        if (job.state === 'FAILED') throw new Error(`monitoring run failed: ${job.error}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    console.log(
      `data: ${schools.length} schools in ${districts.length} districts (a curator each, a coordinator per district), ` +
        `2024 reports, monitoring computed; ${clients} clients (${writers} submitting), ${seconds} s, at most ${maxRequests} requests; machine: ${machine()}`,
    );

    const latencies: Record<string, Latencies> = {};
    const statuses = new Map<number, number>();
    const failures = new Map<string, number>();
    let requests = 0;
    const acknowledged: { reportId: string; version: number }[] = [];
    const call = async (name: string, query: string, variables: Record<string, unknown>, token: string) => {
      requests++;
      let result;
      try {
        result = await client.call(query, variables, token);
      } catch (error) {
        failures.set(`${name}: ${(error as Error).message}`, (failures.get(`${name}: ${(error as Error).message}`) ?? 0) + 1);
        return undefined;
      }
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      if (result.status !== 200 || result.body.errors) {
        const key = `${name}: HTTP ${result.status} ${result.body.errors?.[0]?.extensions?.code ?? ''}`;
        failures.set(key, (failures.get(key) ?? 0) + 1);
        return undefined;
      }
      (latencies[name] ??= new Latencies()).add(result.ms);
      return result.body.data;
    };

    // A writer owns every `writers`-th school and walks its (school, quarter) slots in order.
    const slots = Array.from({ length: writers }, () => 0);
    const writerSchools = (w: number) => schools.filter((_, i) => i % writers === w);
    const owned = Array.from({ length: writers }, (_, w) => writerSchools(w));

    const { ms } = await drive({ clients, seconds, maxOps: maxRequests }, async (c) => {
      if (requests >= maxRequests) return false;
      if (c < writers) {
        const mine = owned[c]!;
        if (!mine.length) return false;
        const slot = slots[c]!++;
        const school = mine[slot % mine.length]!;
        const period = Math.floor(slot / mine.length);
        const year = FIRST_WRITE_YEAR + Math.floor(period / 4);
        if (year > 2100) return false;
        const input = {
          schoolId: school.id,
          year,
          quarter: (period % 4) + 1,
          figures: figures(school.students),
          idempotencyKey: `load-${school.id}-${year}-${period % 4}`,
        };
        const saved = (await call('saveQuarterlyReport', SAVE, { input }, school.token))?.saveQuarterlyReport;
        if (!saved) return;
        acknowledged.push({ reportId: saved.id, version: saved.version });
        // A comment explains whatever the soft rules flag against the previous quarter.
        const variables = { id: saved.id, expectedVersion: saved.version, comment: 'Данные сверены с журналом наставничества' };
        const submitted = (await call('submitQuarterlyReport', SUBMIT, variables, school.token))?.submitQuarterlyReport;
        if (submitted) acknowledged.push({ reportId: submitted.id, version: submitted.version });
        return;
      }
      const pick = Math.floor(Math.random() * 3);
      const district = districts[c % districts.length]!;
      if (pick === 0) await call('districtMonitoring', DISTRICT_MONITORING, { districtId: district.id, ...READ_PERIOD }, district.token);
      else if (pick === 1)
        await call('districtTargetPlan', TARGET_PLAN, { districtId: district.id, fromYear: 2022, toYear: 2024 }, district.token);
      else {
        const school = schools[Math.floor(Math.random() * schools.length)]!;
        await call('quarterlyReport', REPORT, { schoolId: school.id, ...READ_PERIOD }, school.token);
      }
    });

    // Nothing lost: every acknowledged change has its revision; nothing duplicated: no other revision in the written periods.
    const [stored] = (
      await stack.owner.query(
        `SELECT (SELECT count(*)::int FROM unnest($1::uuid[], $2::int[]) a(report_id, version)
                  WHERE NOT EXISTS (SELECT 1 FROM quarterly_report_revisions v WHERE v.report_id = a.report_id AND v.version = a.version)) AS lost,
                (SELECT count(*)::int FROM quarterly_report_revisions v JOIN quarterly_reports r ON r.id = v.report_id WHERE r.year >= $3) AS revisions`,
        [acknowledged.map((a) => a.reportId), acknowledged.map((a) => a.version), FIRST_WRITE_YEAR],
      )
    ).rows;
    const fiveHundreds = [...statuses].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0);

    console.log(
      `\nmixed load on 127.0.0.1: ${clients} clients (${writers} submitting), ${(ms / 1000).toFixed(1)} s, ` +
        `${requests} requests, ${fmt.rate((requests / ms) * 1000)} overall`,
    );
    for (const [name, l] of Object.entries(latencies)) {
      console.log(
        `  ${name.padEnd(24)} ${String(l.count).padStart(7)} ok  ${fmt.rate((l.count / ms) * 1000).padStart(8)}   p50 ${fmt.ms(l.percentile(50)).padStart(8)}   p99 ${fmt.ms(l.percentile(99)).padStart(8)}`,
      );
    }
    console.log(
      `  HTTP statuses: ${[...statuses]
        .sort()
        .map(([s, n]) => `${s} × ${n}`)
        .join(', ')}; 5xx: ${fiveHundreds}`,
    );
    if (failures.size) console.log(`  failed requests: ${[...failures].map(([k, n]) => `${k} × ${n}`).join('; ')}`);
    console.log(
      `  acknowledged saves and submits: ${acknowledged.length}; revisions stored in the written periods: ${stored.revisions}; ` +
        `lost: ${stored.lost}; duplicated: ${Math.max(0, stored.revisions - acknowledged.length)}`,
    );
  } finally {
    client.close();
    await stack.close();
  }
}

/** A complete report that passes every hard rule, scaled to the school. */
function figures(students: number): { code: string; value: number }[] {
  return [
    { code: 'STUDENTS', value: students },
    { code: 'MENTEES_STUDENTS', value: Math.floor(students / 5) },
    { code: 'MENTORS_STUDENTS', value: Math.floor(students / 25) },
    { code: 'TEACHERS', value: Math.max(1, Math.floor(students / 12)) },
    { code: 'MENTEES_TEACHERS', value: Math.floor(students / 50) },
    { code: 'MENTEES_YOUNG_SPECIALISTS', value: Math.floor(students / 160) },
    { code: 'MENTORS_TEACHERS', value: Math.floor(students / 60) },
  ];
}
