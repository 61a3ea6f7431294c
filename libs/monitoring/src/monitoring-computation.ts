import type { TenantTransaction } from '@mm/database';
import { DEFAULT_EXPECTED_PROGRESS, expectedProgressFor, parsePercent, type ExpectedProgress } from '@mm/domain';
import { effectiveSchedulePointsSql } from '@mm/planning';
import { BREAKDOWN_FIGURES } from './monitoring-figures';
import type { MonitoringScope } from './monitoring-scope';
import { percentSql, statusSql, targetSql } from './monitoring-sql';

export interface MonitoringComputeRequest {
  scope: MonitoringScope;
  year: number;
  quarter: number;
  /** The run that computes it (kept on the snapshot); null outside a job. */
  jobRunId?: string | null;
  /**
   * Expected progress per quarter for regions without their own setting (monitoring_settings);
   * DEFAULT_EXPECTED_PROGRESS (25/50/75/100 %) when omitted.
   */
  defaultExpectedProgress?: ExpectedProgress;
}

export interface MonitoringComputeResult {
  year: number;
  quarter: number;
  districts: number;
  schools: number;
  regions: number;
}

/** Progress callback: the share of the computation done, 0–100. */
export type ProgressReporter = (percent: number) => Promise<void>;

const REPORTED = `('SUBMITTED', 'APPROVED')`;

/**
 * The monitoring computation (DESIGN §6), in the caller's transaction:
 *
 * 1. claim — creates the snapshot headers the scope lacks (every district in it and, for a region
 *    or all regions, each region), then locks them all in a fixed order: two runs of an
 *    overlapping scope take turns instead of interleaving their replacements;
 * 2. clear — deletes the district rows of the region snapshots among them;
 * 3. compute — ONE set-based INSERT … SELECT: schools in scope, their report of the quarter
 *    (only SUBMITTED/APPROVED figures count), enrollment carried forward, the effective schedule
 *    percent of the year, targets with the exact integer formula, school statuses, district totals
 *    with targets from the district's total base, region totals from the region's total base, the
 *    previous quarter's mentees — written into the headers and row tables (a school's row is
 *    updated in place, a school that left the scope loses its row).
 *
 * Re-running replaces the snapshots with identical figures (only computed_at and job_run_id move).
 * Runs in the scope of the job: RLS confines it to what that scope may read and write.
 */
export class MonitoringComputation {
  async run(
    tx: TenantTransaction,
    request: MonitoringComputeRequest,
    progress: ProgressReporter = async () => undefined,
  ): Promise<MonitoringComputeResult> {
    return this.runStatement(tx, statementScope(request.scope), request, progress);
  }

  /**
   * Every region, as `parallelism` transactions running at once over disjoint groups of regions
   * (balanced by district count), each with the same steps for its group. Each snapshot
   * is still replaced atomically; a national run uses that many connections (and cores of the
   * database) instead of one. `transaction` opens a transaction in the job's scope.
   */
  async runAllRegions(
    transaction: <T>(work: (tx: TenantTransaction) => Promise<T>) => Promise<T>,
    request: Omit<MonitoringComputeRequest, 'scope'>,
    progress: ProgressReporter = async () => undefined,
    parallelism = NATIONAL_PARALLELISM,
  ): Promise<MonitoringComputeResult> {
    validatePeriod(request.year, request.quarter);
    const regions = await transaction((tx) =>
      tx.query<{ id: string; size: number }>(
        `SELECT r.id, count(d.id)::int AS size FROM regions r LEFT JOIN districts d ON d.region_id = r.id AND d.active
          WHERE r.active GROUP BY r.id ORDER BY size DESC, r.id`,
      ),
    );
    // Greedy: each region (most districts first) to the group with the fewest districts so far.
    const groups = Array.from({ length: Math.max(1, Math.min(parallelism, regions.length)) }, () => ({ ids: [] as string[], size: 0 }));
    for (const region of regions) {
      const group = groups.reduce((a, b) => (b.size < a.size ? b : a));
      group.ids.push(region.id);
      group.size += region.size;
    }
    // The run's progress is the slowest group's; reported when it moves.
    const done = new Array<number>(groups.length).fill(0);
    let reported = 0;
    const results = await Promise.all(
      groups.map((group, i) =>
        transaction((tx) =>
          this.runStatement(tx, { kind: 'REGIONS', regionIds: group.ids }, request, async (percent) => {
            done[i] = percent;
            const slowest = Math.min(...done);
            if (slowest > reported) {
              reported = slowest;
              await progress(slowest);
            }
          }),
        ),
      ),
    );
    return results.reduce(
      (sum, r) => ({ ...sum, districts: sum.districts + r.districts, schools: sum.schools + r.schools, regions: sum.regions + r.regions }),
      { year: request.year, quarter: request.quarter, districts: 0, schools: 0, regions: 0 },
    );
  }

  private async runStatement(
    tx: TenantTransaction,
    scope: StatementScope,
    request: Omit<MonitoringComputeRequest, 'scope'>,
    progress: ProgressReporter,
  ): Promise<MonitoringComputeResult> {
    const { year, quarter } = request;
    validatePeriod(year, quarter);
    const defaultExpectedBp = expectedBpFor(quarter, request.defaultExpectedProgress);
    const restorePlanner = await planForBatch(tx);
    await tx.query(claimSql(scope), [scopeParameter(scope), year, quarter, request.jobRunId ?? null]);
    const claimed = await tx.query<{ id: string; regionId: string; districtId: string | null }>(lockSql(scope), [
      scopeParameter(scope),
      year,
      quarter,
    ]);
    if (scope.kind === 'DISTRICT' && claimed.length === 0) {
      throw new Error(`district ${scope.districtId} does not exist or is outside the job's scope`);
    }
    if (scope.kind === 'REGIONS' && claimed.filter((c) => c.districtId === null).length !== new Set(scope.regionIds).size) {
      throw new Error(`region ${scope.regionIds.join(', ')} does not exist or is outside the job's scope`);
    }
    await progress(20);
    // A region's district rows are few: replaced outright (school rows are replaced in place by the compute statement).
    await tx.query(`DELETE FROM monitoring_district_rows WHERE snapshot_id = ANY($1::uuid[])`, [
      claimed.filter((c) => c.districtId === null).map((c) => c.id),
    ]);
    await progress(30);
    const districtIds = claimed.filter((c) => c.districtId !== null).map((c) => c.districtId!);
    const regionIds = claimed.filter((c) => c.districtId === null).map((c) => c.regionId);
    const districtSnapshotIds = claimed.filter((c) => c.districtId !== null).map((c) => c.id);
    const [counts] = await tx.query<{ districts: number; schools: number; regions: number }>(computeSql(scope), [
      scopeParameter(scope),
      year,
      quarter,
      defaultExpectedBp,
      request.jobRunId ?? null,
      districtIds,
      regionIds,
      districtSnapshotIds,
    ]);
    await restorePlanner();
    await progress(95);
    return { year, quarter, districts: counts!.districts, schools: counts!.schools, regions: counts!.regions };
  }
}

/**
 * How many transactions a national run uses at once: as many processes as Postgres gives one
 * parallel query by default (two workers and the leader).
 */
export const NATIONAL_PARALLELISM = 3;

/** What one statement covers: a district, a group of regions (one for a region job), or every region. */
type StatementScope = { kind: 'DISTRICT'; districtId: string } | { kind: 'REGIONS'; regionIds: readonly string[] } | { kind: 'ALL' };

function statementScope(scope: MonitoringScope): StatementScope {
  switch (scope.kind) {
    case 'DISTRICT':
      return { kind: 'DISTRICT', districtId: scope.districtId };
    case 'REGION':
      return { kind: 'REGIONS', regionIds: [scope.regionId] };
    case 'ALL':
      return { kind: 'ALL' };
  }
}

/**
 * Planner settings for the monitoring statements, for the rest of the transaction until restored.
 * Row-level security quals are opaque to the planner: it estimates about 1 % of a tenant table's
 * rows, picks nested loops over what are really tens of thousands of rows, and a national run
 * takes minutes instead of under a second. The statements read whole scopes, so hash joins are
 * right at every scope; the sorts and hashes get the memory to stay off disk.
 */
export async function planForBatch(tx: TenantTransaction): Promise<() => Promise<void>> {
  const [before] = await tx.query<{ nestloop: string; workMem: string }>(
    `SELECT current_setting('enable_nestloop') AS nestloop, current_setting('work_mem') AS "workMem"`,
  );
  await tx.query(`SELECT set_config('enable_nestloop', 'off', true), set_config('work_mem', $1, true)`, [BATCH_WORK_MEM]);
  return async () => {
    await tx.query(`SELECT set_config('enable_nestloop', $1, true), set_config('work_mem', $2, true)`, [before!.nestloop, before!.workMem]);
  };
}

const BATCH_WORK_MEM = '64MB';

function validatePeriod(year: number, quarter: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new RangeError(`monitoring year must be 2000–2100, got ${year}`);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`monitoring quarter must be 1–4, got ${quarter}`);
}

/** The expected progress of `quarter` in basis points (validated like the domain does). */
export function expectedBpFor(quarter: number, expectedProgress: ExpectedProgress = DEFAULT_EXPECTED_PROGRESS): number {
  return parsePercent(expectedProgressFor(quarter, expectedProgress), `expectedProgress[${quarter}]`);
}

function scopeParameter(scope: StatementScope): string | readonly string[] | null {
  return scope.kind === 'DISTRICT' ? scope.districtId : scope.kind === 'REGIONS' ? scope.regionIds : null;
}

/** Districts in scope ($1: the scope's id or ids). Regions count active districts only. */
function districtFilter(scope: StatementScope, d: string): string {
  switch (scope.kind) {
    case 'DISTRICT':
      return `${d}.id = $1::uuid`;
    case 'REGIONS':
      return `${d}.region_id = ANY($1::uuid[]) AND ${d}.active`;
    case 'ALL':
      return `${d}.active AND $1::uuid IS NULL`;
  }
}

/** The same scope on a tenant table's denormalised keys, so its (district|region, year, quarter) index is used. */
function tenantFilter(scope: StatementScope, t: string): string {
  switch (scope.kind) {
    case 'DISTRICT':
      return `${t}.district_id = $1::uuid`;
    case 'REGIONS':
      return `${t}.region_id = ANY($1::uuid[])`;
    case 'ALL':
      return '$1::uuid IS NULL';
  }
}

/** Regions in scope (none for a district). */
function regionFilter(scope: StatementScope, r: string): string {
  return scope.kind === 'REGIONS' ? `${r}.id = ANY($1::uuid[])` : `${r}.active`;
}

/**
 * The claim: inserts the headers the scope lacks, then locks every header of the scope in one
 * order (districts by id, then regions), which is what makes overlapping runs take turns.
 */
function claimSql(scope: StatementScope): string {
  const regions =
    scope.kind === 'DISTRICT'
      ? ''
      : `UNION ALL
         SELECT 'REGION', r.id, NULL::uuid FROM regions r WHERE ${regionFilter(scope, 'r')}`;
  return `WITH keys AS MATERIALIZED (
      SELECT 'DISTRICT' AS scope, d.region_id, d.id AS district_id FROM districts d WHERE ${districtFilter(scope, 'd')}
      ${regions}
    )
    INSERT INTO monitoring_snapshots (scope, region_id, district_id, year, quarter, job_run_id)
    SELECT k.scope, k.region_id, k.district_id, $2::integer, $3::integer, $4::uuid FROM keys k
     ORDER BY k.scope, k.district_id, k.region_id
    ON CONFLICT (region_id, district_id, year, quarter) DO NOTHING`;
}

function lockSql(scope: StatementScope): string {
  const which =
    scope.kind === 'DISTRICT'
      ? `m.district_id = $1::uuid`
      : `(m.district_id IN (SELECT d.id FROM districts d WHERE ${districtFilter(scope, 'd')})
          OR (m.district_id IS NULL AND m.region_id IN (SELECT r.id FROM regions r WHERE ${regionFilter(scope, 'r')})))`;
  return `SELECT m.id, m.region_id AS "regionId", m.district_id AS "districtId"
      FROM monitoring_snapshots m
     WHERE m.year = $2::integer AND m.quarter = $3::integer AND ${which}
     ORDER BY m.district_id NULLS LAST, m.region_id
       FOR UPDATE OF m`;
}

/** A figure of the school's report if the report counts (SUBMITTED/APPROVED); NULL when not stated. */
const counted = (code: string) => `CASE WHEN r.counted THEN r."${code}" END`;

/** The report figures monitoring reads. */
const REPORT_FIGURES = ['STUDENTS', 'MENTEES_STUDENTS', 'MENTORS_STUDENTS', ...BREAKDOWN_FIGURES.map((b) => b.code)];

const sumOf = (columns: readonly string[], from: string) => columns.map((c) => `sum(${from}.${c})::integer AS ${c}`).join(',\n      ');

const BREAKDOWN_COLUMNS = BREAKDOWN_FIGURES.map((b) => b.column);

/**
 * Everything up to the three result sets — `school_rows`, `district_rows`, `region_rows` — as
 * a WITH list. Parameters: $1 scope id, $2 year, $3 quarter, $4 default expected bp; with
 * `claimed`, $6 the claimed district ids and $7 the claimed region ids (else the scope filter).
 */
function monitoringCtes(scope: StatementScope, claimed: boolean): string {
  const scopeDistricts = claimed
    ? `SELECT d.id AS district_id, d.region_id, d.code, d.name FROM districts d WHERE d.id = ANY($6::uuid[])`
    : `SELECT d.id AS district_id, d.region_id, d.code, d.name FROM districts d WHERE ${districtFilter(scope, 'd')}`;
  const scopeRegions = claimed
    ? `SELECT unnest($7::uuid[]) AS region_id`
    : scope.kind === 'DISTRICT'
      ? `SELECT NULL::uuid AS region_id WHERE FALSE`
      : `SELECT r.id AS region_id FROM regions r WHERE ${regionFilter(scope, 'r')}`;
  return `
  scope_districts AS MATERIALIZED (${scopeDistricts}),
  scope_regions AS MATERIALIZED (${scopeRegions}),
  scope_schools AS MATERIALIZED (
    SELECT s.id AS school_id, s.region_id, s.district_id, s.code, s.name
      FROM schools s JOIN scope_districts sd ON sd.district_id = s.district_id
     WHERE s.active AND ${tenantFilter(scope, 's')}
  ),
  expected AS (
    SELECT g.region_id,
           COALESCE(CASE $3::integer WHEN 1 THEN ms.expected_q1_bp WHEN 2 THEN ms.expected_q2_bp
                                     WHEN 3 THEN ms.expected_q3_bp ELSE ms.expected_q4_bp END, $4::integer) AS expected_bp
      FROM (SELECT region_id FROM scope_districts UNION SELECT region_id FROM scope_regions) g
      LEFT JOIN monitoring_settings ms ON ms.region_id = g.region_id
  ),
  percents AS (
    SELECT sd.district_id,
           max(p.percent_bp) FILTER (WHERE p.indicator = 'MENTEE_COVERAGE') AS mentee_bp,
           max(p.percent_bp) FILTER (WHERE p.indicator = 'STUDENT_MENTORS') AS mentor_bp
      FROM scope_districts sd
      LEFT JOIN (${effectiveSchedulePointsSql('(SELECT array_agg(district_id) FROM scope_districts)')}) p
        ON p.district_id = sd.district_id AND p.year = $2::integer
     GROUP BY sd.district_id
  ),
  base AS (
    SELECT DISTINCT ON (e.school_id) e.school_id, e.students, COALESCE(e.mentor_base, e.students) AS mentor_base
      FROM enrollments e JOIN scope_schools ss ON ss.school_id = e.school_id
     WHERE e.year <= $2::integer AND ${tenantFilter(scope, 'e')}
     ORDER BY e.school_id, e.year DESC
  ),
  reports AS (
    -- One pass over each report's figures (jsonb_to_record), not one lookup per figure.
    SELECT r.school_id, r.status, r.status IN ${REPORTED} AS counted, f.*
      FROM quarterly_reports r, jsonb_to_record(r.figures) AS f(${REPORT_FIGURES.map((code) => `"${code}" integer`).join(', ')})
     WHERE r.year = $2::integer AND r.quarter = $3::integer AND ${tenantFilter(scope, 'r')}
  ),
  previous AS (
    SELECT r.school_id, COALESCE((r.figures ->> 'MENTEES_STUDENTS')::integer, 0) AS mentees
      FROM quarterly_reports r
     WHERE $3::integer > 1 AND r.year = $2::integer AND r.quarter = $3::integer - 1
       AND r.status IN ${REPORTED} AND ${tenantFilter(scope, 'r')}
  ),
  school_figures AS (
    SELECT ss.school_id, ss.region_id, ss.district_id, ss.code, ss.name,
           COALESCE(r.status, 'MISSING') AS report_status,
           r.counted IS TRUE AS has_report,
           ex.expected_bp,
           COALESCE(${counted('STUDENTS')}, b.students) AS students,
           b.students AS base_students,
           b.mentor_base,
           CASE WHEN r.counted THEN COALESCE(r."MENTEES_STUDENTS", 0) END AS mentees,
           CASE WHEN r.counted THEN COALESCE(r."MENTORS_STUDENTS", 0) END AS mentors,
           ${targetSql('pc.mentee_bp', 'b.students')} AS mentee_target,
           ${targetSql('pc.mentor_bp', 'b.mentor_base')} AS mentor_target,
           pv.mentees AS previous_mentees,
           ${BREAKDOWN_FIGURES.map((b) => `${counted(b.code)} AS ${b.column}`).join(',\n           ')}
      FROM scope_schools ss
      JOIN percents pc ON pc.district_id = ss.district_id
      JOIN expected ex ON ex.region_id = ss.region_id
      LEFT JOIN base b ON b.school_id = ss.school_id
      LEFT JOIN reports r ON r.school_id = ss.school_id
      LEFT JOIN previous pv ON pv.school_id = ss.school_id
  ),
  school_rows AS MATERIALIZED (
    SELECT f.*,
           ${percentSql('f.mentees', 'f.students')} AS coverage_percent,
           ${percentSql('f.mentees', 'f.mentee_target')} AS progress_percent,
           f.mentees - f.previous_mentees AS mentees_delta,
           ${statusSql('f.has_report', 'f.mentees', 'f.mentee_target', 'f.expected_bp')} AS status
      FROM school_figures f
  ),
  district_sums AS (
    SELECT sd.district_id, sd.region_id, sd.code, sd.name, pc.mentee_bp, pc.mentor_bp, ex.expected_bp,
           count(sr.school_id)::integer AS school_count,
           (count(*) FILTER (WHERE sr.has_report))::integer AS reported_school_count,
           ${sumOf(['students', 'base_students', 'mentor_base', 'mentees', 'mentors', 'previous_mentees', ...BREAKDOWN_COLUMNS], 'sr')},
           sum(sr.mentee_target)::integer AS sum_of_school_mentee_targets,
           sum(sr.mentor_target)::integer AS sum_of_school_mentor_targets
      FROM scope_districts sd
      JOIN percents pc ON pc.district_id = sd.district_id
      JOIN expected ex ON ex.region_id = sd.region_id
      LEFT JOIN school_rows sr ON sr.district_id = sd.district_id
     GROUP BY sd.district_id, sd.region_id, sd.code, sd.name, pc.mentee_bp, pc.mentor_bp, ex.expected_bp
  ),
  district_targets AS (
    SELECT ds.*,
           -- The district's targets come from its total base, not from the rounded school targets.
           ${targetSql('ds.mentee_bp', 'ds.base_students')} AS mentee_target,
           ${targetSql('ds.mentor_bp', 'ds.mentor_base')} AS mentor_target
      FROM district_sums ds
  ),
  district_rows AS MATERIALIZED (
    SELECT dt.*,
           dt.school_count - dt.reported_school_count AS not_reported_school_count,
           ${percentSql('dt.mentees', 'dt.students')} AS coverage_percent,
           ${percentSql('dt.mentees', 'dt.mentee_target')} AS progress_percent,
           dt.mentees - dt.previous_mentees AS mentees_delta,
           ${statusSql('dt.reported_school_count > 0', 'dt.mentees', 'dt.mentee_target', 'dt.expected_bp')} AS status
      FROM district_targets dt
  ),
  region_target_groups AS (
    -- A region's target is the target of its total base; districts on a schedule of their own
    -- form a group per percent (one group, the whole base, when every district uses the default).
    SELECT g.region_id, sum(g.mentee_target)::integer AS mentee_target, sum(g.mentor_target)::integer AS mentor_target
      FROM (SELECT region_id, ${targetSql('mentee_bp', 'sum(base_students)')} AS mentee_target, NULL::integer AS mentor_target
              FROM district_rows WHERE mentee_bp IS NOT NULL AND base_students IS NOT NULL GROUP BY region_id, mentee_bp
            UNION ALL
            SELECT region_id, NULL, ${targetSql('mentor_bp', 'sum(mentor_base)')}
              FROM district_rows WHERE mentor_bp IS NOT NULL AND mentor_base IS NOT NULL GROUP BY region_id, mentor_bp) g
     GROUP BY g.region_id
  ),
  region_sums AS (
    SELECT sr.region_id, ex.expected_bp,
           count(dr.district_id)::integer AS district_count,
           COALESCE(sum(dr.school_count), 0)::integer AS school_count,
           COALESCE(sum(dr.reported_school_count), 0)::integer AS reported_school_count,
           ${sumOf(['students', 'base_students', 'mentor_base', 'mentees', 'mentors', 'previous_mentees', ...BREAKDOWN_COLUMNS], 'dr')},
           sum(dr.sum_of_school_mentee_targets)::integer AS sum_of_school_mentee_targets,
           sum(dr.sum_of_school_mentor_targets)::integer AS sum_of_school_mentor_targets,
           sum(dr.mentee_target)::integer AS sum_of_district_mentee_targets,
           sum(dr.mentor_target)::integer AS sum_of_district_mentor_targets
      FROM scope_regions sr
      JOIN expected ex ON ex.region_id = sr.region_id
      LEFT JOIN district_rows dr ON dr.region_id = sr.region_id
     GROUP BY sr.region_id, ex.expected_bp
  ),
  region_rows AS (
    SELECT rs.*, rt.mentee_target, rt.mentor_target,
           rs.school_count - rs.reported_school_count AS not_reported_school_count,
           ${percentSql('rs.mentees', 'rs.students')} AS coverage_percent,
           ${percentSql('rs.mentees', 'rt.mentee_target')} AS progress_percent,
           rs.mentees - rs.previous_mentees AS mentees_delta,
           ${statusSql('rs.reported_school_count > 0', 'rs.mentees', 'rt.mentee_target', 'rs.expected_bp')} AS status
      FROM region_sums rs LEFT JOIN region_target_groups rt ON rt.region_id = rs.region_id
  )`;
}

const ROW_FIGURES = [
  'students',
  'base_students',
  'mentor_base',
  'mentees',
  'mentors',
  'mentee_target',
  'mentor_target',
  'coverage_percent',
  'progress_percent',
  'previous_mentees',
  'mentees_delta',
  ...BREAKDOWN_COLUMNS,
];
const TOTAL_COLUMNS = [
  'school_count',
  'reported_school_count',
  'not_reported_school_count',
  'status',
  ...ROW_FIGURES,
  'sum_of_school_mentee_targets',
  'sum_of_school_mentor_targets',
];
/** What a recompute may change in a school's row (not its keys). */
const SCHOOL_ROW_UPDATED = ['region_id', 'computed_at', 'code', 'name', 'report_status', 'status', 'expected_progress_bp', ...ROW_FIGURES];
const setFrom = (columns: readonly string[], from: string) => columns.map((c) => `${c} = ${from}.${c}`).join(',\n        ');

/** The compute statement ($5 the job run id, $6/$7 the claimed districts/regions, $8 the claimed district snapshots). */
function computeSql(scope: StatementScope): string {
  const regionWrites =
    scope.kind === 'DISTRICT'
      ? `region_headers AS (SELECT NULL::uuid AS id WHERE FALSE)`
      : `region_headers AS (
    UPDATE monitoring_snapshots m SET computed_at = now(), job_run_id = $5::uuid, expected_progress_bp = rr.expected_bp,
        district_count = rr.district_count,
        ${setFrom([...TOTAL_COLUMNS, 'sum_of_district_mentee_targets', 'sum_of_district_mentor_targets'], 'rr')}
      FROM region_rows rr
     WHERE m.region_id = rr.region_id AND m.district_id IS NULL AND m.year = $2::integer AND m.quarter = $3::integer
    RETURNING m.id, m.region_id
  ),
  district_row_inserts AS (
    INSERT INTO monitoring_district_rows (snapshot_id, region_id, district_id, year, quarter, code, name, school_count,
        reported_school_count, not_reported_school_count, status, expected_progress_bp, ${ROW_FIGURES.join(', ')},
        sum_of_school_mentee_targets, sum_of_school_mentor_targets)
    SELECT rh.id, dr.region_id, dr.district_id, $2::integer, $3::integer, dr.code, dr.name, dr.school_count,
           dr.reported_school_count, dr.not_reported_school_count, dr.status, dr.expected_bp, ${ROW_FIGURES.map((c) => `dr.${c}`).join(', ')},
           dr.sum_of_school_mentee_targets, dr.sum_of_school_mentor_targets
      FROM district_rows dr JOIN region_headers rh ON rh.region_id = dr.region_id
    RETURNING 1
  )`;
  return `WITH ${monitoringCtes(scope, true)},
  district_headers AS (
    UPDATE monitoring_snapshots m SET computed_at = now(), job_run_id = $5::uuid, expected_progress_bp = dr.expected_bp,
        district_count = NULL, sum_of_district_mentee_targets = NULL, sum_of_district_mentor_targets = NULL,
        ${setFrom(TOTAL_COLUMNS, 'dr')}
      FROM district_rows dr
     WHERE m.district_id = dr.district_id AND m.region_id = dr.region_id AND m.year = $2::integer AND m.quarter = $3::integer
    RETURNING m.id, m.district_id, m.computed_at
  ),
  -- A school's row is updated in place (a HOT update: no index changes, the table keeps free space
  -- for it), a new school's inserted, and a school no longer in the district removed.
  school_row_inserts AS (
    INSERT INTO monitoring_school_rows (snapshot_id, region_id, district_id, school_id, year, quarter, computed_at, code, name,
        report_status, status, expected_progress_bp, ${ROW_FIGURES.join(', ')})
    SELECT dh.id, sr.region_id, sr.district_id, sr.school_id, $2::integer, $3::integer, dh.computed_at, sr.code, sr.name,
           sr.report_status, sr.status, sr.expected_bp, ${ROW_FIGURES.map((c) => `sr.${c}`).join(', ')}
      FROM school_rows sr JOIN district_headers dh ON dh.district_id = sr.district_id
    ON CONFLICT (snapshot_id, school_id, district_id) DO UPDATE SET
        ${SCHOOL_ROW_UPDATED.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
    RETURNING snapshot_id, xmax = 0 AS inserted
  ),
  -- A snapshot holds a row for each school its header counted last time (this statement sees the
  -- headers as they were); only where fewer of them were updated now did a school leave.
  stale_snapshots AS (
    SELECT h.id
      FROM monitoring_snapshots h
      LEFT JOIN (SELECT snapshot_id, count(*) FILTER (WHERE NOT inserted) AS kept FROM school_row_inserts GROUP BY snapshot_id) k
        ON k.snapshot_id = h.id
     WHERE h.id = ANY($8::uuid[]) AND h.school_count > COALESCE(k.kept, 0)
  ),
  -- ARRAY(…) first, then the primary key: nothing is scanned when no school left (the usual case).
  school_row_removals AS (
    DELETE FROM monitoring_school_rows r
     WHERE r.snapshot_id = ANY(ARRAY(SELECT id FROM stale_snapshots))
       AND NOT EXISTS (SELECT 1 FROM school_rows sr WHERE sr.school_id = r.school_id AND sr.district_id = r.district_id)
    RETURNING 1
  ),
  ${regionWrites}
  SELECT (SELECT count(*) FROM district_headers)::integer AS districts,
         (SELECT count(*) FROM school_row_inserts)::integer AS schools,
         (SELECT count(*) FROM region_headers)::integer AS regions,
         (SELECT count(*) FROM school_row_removals)::integer AS "removedSchoolRows"
         ${scope.kind === 'DISTRICT' ? '' : ', (SELECT count(*) FROM district_row_inserts)::integer AS "districtRows"'}`;
}

/**
 * The same computation as a bare aggregate (no snapshot writes), for the benchmark: reads
 * exactly what the job reads and evaluates every school, district and region row.
 */
export function monitoringAggregateSql(scope: MonitoringScope): string {
  return `WITH ${monitoringCtes(statementScope(scope), false)}
  SELECT (SELECT count(*) FROM school_rows WHERE status IS NOT NULL)::integer AS schools,
         (SELECT count(*) FROM district_rows WHERE status IS NOT NULL)::integer AS districts,
         (SELECT count(*) FROM region_rows WHERE status IS NOT NULL)::integer AS regions,
         (SELECT sum(mentees) FROM school_rows)::bigint AS mentees`;
}

/** Parameters of monitoringAggregateSql. */
export function monitoringAggregateParameters(
  scope: MonitoringScope,
  year: number,
  quarter: number,
  defaultExpectedProgress?: ExpectedProgress,
): unknown[] {
  return [scopeParameter(statementScope(scope)), year, quarter, expectedBpFor(quarter, defaultExpectedProgress)];
}
