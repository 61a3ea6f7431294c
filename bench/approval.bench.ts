/**
 * `npm run bench -- approval [--schools 40000] [--districts 2500] [--regions 85] [--district-schools 100] [--sequential 20] [--burst 30] [--poll-ms 50]`
 *
 * Approval to dashboard: how long after a coordinator's approval the district dashboard shows it.
 * On the national data set (the monitoring bench's generator) with the API and the worker in this
 * process, the coordinator of one district approves SUBMITTED reports of 2024 Q4 of that district
 * through the API (`approveQuarterlyReport`: the report, its revision, the audit row and the
 * district's monitoring run recorded in one transaction, queued after commit, computed by the
 * worker) — first `sequential` approvals one at a time, each waited for, then `burst` approvals
 * fired at once — while another client polls the `DistrictMonitoring` query every `poll-ms`.
 * For each approval: the time from its HTTP answer to the answer of the first poll whose row of
 * that school shows reportStatus APPROVED with the report's mentees and whose district totals
 * include them (totals.mentees = the sum of the school rows). Measured beside it, in the same
 * run: the approval's HTTP latency, the poll's own latency, and the district's monitoring runs
 * from job_runs (waited: recorded — the approval transaction's start — to started; computed:
 * started to finished; a burst's approvals join the run still queued, so it has fewer runs).
 *
 * The generator's districts have schools / districts schools each (16 at full size), too few for
 * `sequential + burst` reports of one quarter; so the district measured is made a city district of
 * `district-schools` schools (the dashboard bench's size) by moving schools of its region's other
 * districts into it (with their enrollment and reports) before the statistics are taken. Its
 * reports to approve are set SUBMITTED as the owner, with figures that differ from the snapshot
 * shown at the start (submitting triggers no recompute; approving does).
 */
import type { Pool } from 'pg';
import { fmt, GraphqlClient, Latencies, machine, numberFlag, startBenchStack } from './bench-stack';
import { seed } from './monitoring.bench';

const YEAR = 2024;
const QUARTER = 4;
/** How long an approval may take to show before it is counted as never shown. */
const SHOW_TIMEOUT_MS = 60_000;

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
const APPROVE = `mutation ApproveQuarterlyReport($id: ID!, $expectedVersion: Int!) {
  approveQuarterlyReport(id: $id, expectedVersion: $expectedVersion) { id status version }
}`;
const RUN = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`;
const JOB = `query Job($id: ID!) { job(id: $id) { id state progress error } }`;

interface Report {
  id: string;
  schoolId: string;
  version: number;
  mentees: number;
}

interface Approval {
  report: Report;
  /** performance.now() of the approval's HTTP answer (undefined until it arrives). */
  answeredAt?: number;
  httpMs?: number;
  error?: string;
  /** Answer → first poll showing it. */
  shownMs?: number;
  shown: Promise<void>;
  resolve(): void;
}

export async function main(args: string[]): Promise<void> {
  const schools = numberFlag(args, '--schools', 40_000);
  const districts = numberFlag(args, '--districts', 2_500);
  const regions = numberFlag(args, '--regions', 85);
  const districtSchools = numberFlag(args, '--district-schools', 100);
  const sequential = numberFlag(args, '--sequential', 20);
  const burstSize = numberFlag(args, '--burst', 30);
  const pollMs = numberFlag(args, '--poll-ms', 50);

  const seedStarted = performance.now();
  let district: { id: string; region_id: string; code: string; schools: number } | undefined;
  const stack = await startBenchStack('approval', {
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
  const approvals = new GraphqlClient(stack.port, burstSize);
  const poller = new GraphqlClient(stack.port, 1);
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
    const variables = { districtId: target.id, year: YEAR, quarter: QUARTER };

    // The dashboard as it stands before the reports are submitted: a run through the worker.
    const run = await approvals.call(RUN, variables, token);
    if (run.body.errors) throw new Error(`runMonitoring: ${JSON.stringify(run.body.errors)}`);
    for (;;) {
      const job = (await approvals.call(JOB, { id: run.body.data.runMonitoring.id }, token)).body.data.job;
      if (job.state === 'COMPLETED') break;
      if (job.state === 'FAILED') throw new Error(`monitoring run failed: ${job.error}`);
      await sleep(50);
    }

    // The schools submit (as the owner, like the other benches seed): new figures, not yet in the snapshot.
    const reports: Report[] = (
      await stack.owner.query(
        `WITH chosen AS (
           SELECT r.id FROM quarterly_reports r JOIN schools s ON s.id = r.school_id
            WHERE r.district_id = $1 AND r.year = $2 AND r.quarter = $3 AND COALESCE((r.figures ->> 'STUDENTS')::int, 0) > 1
            ORDER BY s.code LIMIT $4)
         UPDATE quarterly_reports r
            SET status = 'SUBMITTED', version = r.version + 1, submitted_at = now(), approved_at = NULL, updated_at = now(),
                figures = r.figures || jsonb_build_object('MENTEES_STUDENTS',
                  CASE WHEN COALESCE((r.figures ->> 'MENTEES_STUDENTS')::int, 0) < (r.figures ->> 'STUDENTS')::int
                       THEN COALESCE((r.figures ->> 'MENTEES_STUDENTS')::int, 0) + 1
                       ELSE (r.figures ->> 'MENTEES_STUDENTS')::int - 1 END)
           FROM chosen WHERE r.id = chosen.id
         RETURNING r.id, r.school_id AS "schoolId", r.version, (r.figures ->> 'MENTEES_STUDENTS')::int AS mentees`,
        [target.id, YEAR, QUARTER, sequential + burstSize],
      )
    ).rows;
    const code = new Map<string, string>(
      (await stack.owner.query(`SELECT id, code FROM schools WHERE district_id = $1`, [target.id])).rows.map((r: any) => [r.id, r.code]),
    );
    reports.sort((a, b) => code.get(a.schoolId)!.localeCompare(code.get(b.schoolId)!));
    if (reports.length < sequential + burstSize) {
      throw new Error(
        `district ${target.code} has ${reports.length} reports to approve, ${sequential + burstSize} needed (--district-schools)`,
      );
    }
    console.log(
      `data: ${schools} schools in ${districts} districts of ${regions} regions, generated in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; ` +
        `district ${target.code} (${target.schools} schools), ${reports.length} reports of ${YEAR} Q${QUARTER} SUBMITTED; machine: ${machine()}`,
    );

    // The poller: one dashboard client, a poll every pollMs (never two at once).
    const pending = new Set<Approval>();
    const polls = new Latencies();
    let pollFailures = 0;
    let polling = true;
    const pollLoop = (async () => {
      while (polling) {
        const started = performance.now();
        const answer = await poller.call(DISTRICT_MONITORING, variables, token).catch(() => undefined);
        const at = performance.now();
        const dashboard = answer?.status === 200 && !answer.body.errors ? answer.body.data?.districtMonitoring : undefined;
        if (!dashboard) pollFailures++;
        else {
          polls.add(answer!.ms);
          const rows = new Map<string, any>(dashboard.schools.map((row: any) => [row.school.id, row]));
          const menteesOfRows = dashboard.schools.reduce((sum: number, row: any) => sum + (row.mentees ?? 0), 0);
          const totalsInclude = (dashboard.totals.mentees ?? 0) === menteesOfRows;
          for (const approval of pending) {
            if (approval.answeredAt === undefined) continue;
            const row = rows.get(approval.report.schoolId);
            if (totalsInclude && row?.reportStatus === 'APPROVED' && row.mentees === approval.report.mentees) {
              approval.shownMs = at - approval.answeredAt;
              pending.delete(approval);
              approval.resolve();
            }
          }
        }
        await sleep(Math.max(0, pollMs - (performance.now() - started)));
      }
    })();

    const approve = (report: Report): Approval => {
      let resolve!: () => void;
      const shown = new Promise<void>((r) => (resolve = r));
      const approval: Approval = { report, shown, resolve };
      pending.add(approval);
      void approvals
        .call(APPROVE, { id: report.id, expectedVersion: report.version }, token)
        .then((result) => {
          approval.httpMs = result.ms;
          if (result.status !== 200 || result.body.errors || result.body.data.approveQuarterlyReport.status !== 'APPROVED') {
            approval.error = `HTTP ${result.status} ${JSON.stringify(result.body.errors?.[0]?.extensions?.code ?? result.body).slice(0, 120)}`;
          } else approval.answeredAt = performance.now();
        })
        .catch((error) => (approval.error = (error as Error).message))
        .finally(() => {
          if (approval.error) {
            pending.delete(approval);
            approval.resolve();
          }
        });
      return approval;
    };
    const waitShown = async (all: Approval[]) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(all.map((a) => a.shown)), new Promise((r) => (timer = setTimeout(r, SHOW_TIMEOUT_MS)))]);
      clearTimeout(timer);
      all.forEach((a) => pending.delete(a));
    };

    // Some polls first: the poll's latency at rest, and a warm client.
    await sleep(1000);

    const phases: { label: string; approvals: Approval[]; since: Date; until: Date; ms: number }[] = [];
    let since = await databaseNow(stack.owner);
    let started = performance.now();
    const one: Approval[] = [];
    for (const report of reports.slice(0, sequential)) {
      const approval = approve(report);
      one.push(approval);
      await waitShown([approval]);
    }
    phases.push({
      label: `one at a time (${sequential})`,
      approvals: one,
      since,
      until: await databaseNow(stack.owner),
      ms: performance.now() - started,
    });

    await idle(stack.owner, target.id);
    await sleep(500);
    since = await databaseNow(stack.owner);
    started = performance.now();
    const burst = reports.slice(sequential, sequential + burstSize).map(approve);
    await waitShown(burst);
    phases.push({
      label: `burst (${burstSize} at once)`,
      approvals: burst,
      since,
      until: await databaseNow(stack.owner),
      ms: performance.now() - started,
    });
    await idle(stack.owner, target.id);

    polling = false;
    await pollLoop;

    console.log(
      `\napproval to dashboard: district ${target.code} (${target.schools} schools), ${YEAR} Q${QUARTER}, the dashboard polled every ${pollMs} ms`,
    );
    console.log(
      `  dashboard poll (DistrictMonitoring, full stack)       p50 ${fmt.ms(polls.percentile(50)).padStart(8)}   p95 ${fmt.ms(polls.percentile(95)).padStart(8)}` +
        `   (${polls.count} polls${pollFailures ? `, ${pollFailures} failed` : ''})`,
    );
    const all = new Latencies();
    for (const phase of phases) {
      const http = new Latencies();
      const shown = new Latencies();
      let failed = 0;
      let unseen = 0;
      let firstError = '';
      for (const a of phase.approvals) {
        if (a.error) {
          failed++;
          firstError ||= a.error;
          continue;
        }
        if (a.httpMs !== undefined) http.add(a.httpMs);
        if (a.shownMs === undefined) unseen++;
        else {
          shown.add(a.shownMs);
          all.add(a.shownMs);
        }
      }
      const runs = await districtRuns(stack.owner, target.id, phase.since, phase.until);
      console.log(`  ${phase.label}:`);
      console.log(
        `    approval (HTTP answer)                              p50 ${fmt.ms(http.percentile(50)).padStart(8)}   p95 ${fmt.ms(http.percentile(95)).padStart(8)}   max ${fmt.ms(http.percentile(100)).padStart(8)}`,
      );
      console.log(
        `    monitoring runs of the district (${String(runs.count).padStart(2)} runs): waited  p50 ${fmt.ms(runs.queued.percentile(50)).padStart(8)}   ` +
          `computed p50 ${fmt.ms(runs.computed.percentile(50)).padStart(8)}   max ${fmt.ms(runs.computed.percentile(100)).padStart(8)}`,
      );
      console.log(
        `    answer → dashboard shows it                         p50 ${fmt.ms(shown.percentile(50)).padStart(8)}   p95 ${fmt.ms(shown.percentile(95)).padStart(8)}   max ${fmt.ms(shown.percentile(100)).padStart(8)}` +
          `   (${shown.count} shown in ${(phase.ms / 1000).toFixed(1)} s${unseen ? `, ${unseen} not shown within ${SHOW_TIMEOUT_MS / 1000} s` : ''}` +
          `${failed ? `, ${failed} approvals failed: ${firstError}` : ''})`,
      );
    }
    console.log(`approval to dashboard: p50 ${Math.round(all.percentile(50))} ms, p95 ${Math.round(all.percentile(95))} ms`);
  } finally {
    approvals.close();
    poller.close();
    await stack.close();
  }
}

/**
 * The first district (by code) made a district of `size` schools: schools of its region's other
 * districts (a few of each, round-robin) move into it with their enrollment and reports.
 */
export async function cityDistrict(owner: Pool, size: number): Promise<{ id: string; region_id: string; code: string; schools: number }> {
  const [district] = (
    await owner.query(`SELECT d.id, d.region_id, d.code, (SELECT count(*) FROM schools s WHERE s.district_id = d.id)::int AS schools
      FROM districts d ORDER BY d.code LIMIT 1`)
  ).rows;
  const missing = size - district.schools;
  if (missing > 0) {
    await owner.query(
      `WITH donors AS (
         SELECT s.id FROM (SELECT s.id, s.code, row_number() OVER (PARTITION BY s.district_id ORDER BY s.code) AS n
                             FROM schools s WHERE s.region_id = $1 AND s.district_id <> $2) s
          ORDER BY s.n, s.code LIMIT $3),
       moved AS (UPDATE schools s SET district_id = $2, updated_at = now() FROM donors WHERE s.id = donors.id RETURNING s.id),
       enrollment AS (UPDATE enrollments e SET district_id = $2 FROM moved WHERE e.school_id = moved.id RETURNING 1)
       UPDATE quarterly_reports r SET district_id = $2 FROM moved WHERE r.school_id = moved.id`,
      [district.region_id, district.id, missing],
    );
    await owner.query('ANALYZE schools, enrollments, quarterly_reports');
    district.schools = (await owner.query(`SELECT count(*)::int AS n FROM schools WHERE district_id = $1`, [district.id])).rows[0].n;
  }
  return district;
}

async function databaseNow(owner: Pool): Promise<Date> {
  return (await owner.query(`SELECT clock_timestamp() AS now`)).rows[0].now;
}

/** Waits until the district has no monitoring run queued or running. */
async function idle(owner: Pool, districtId: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [{ busy }] = (
      await owner.query(`SELECT count(*)::int AS busy FROM job_runs WHERE district_id = $1 AND state IN ('QUEUED', 'RUNNING')`, [
        districtId,
      ])
    ).rows;
    if (!busy) return;
    await sleep(100);
  }
}

/** The district's monitoring runs recorded in [since, until]: time queued (recorded → started) and computing (started → finished). */
async function districtRuns(owner: Pool, districtId: string, since: Date, until: Date) {
  const rows = (
    await owner.query(
      `SELECT extract(epoch FROM started_at - created_at) * 1000 AS queued, extract(epoch FROM finished_at - started_at) * 1000 AS computed
         FROM job_runs WHERE district_id = $1 AND created_at BETWEEN $2 AND $3 AND started_at IS NOT NULL AND finished_at IS NOT NULL`,
      [districtId, since, until],
    )
  ).rows;
  const queued = new Latencies();
  const computed = new Latencies();
  for (const row of rows) {
    queued.add(Number(row.queued));
    computed.add(Number(row.computed));
  }
  return { count: rows.length, queued, computed };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
