import type { TargetPlanCell } from '@mm/domain';
import { BREAKDOWN_FIGURES, completenessRateSql } from '@mm/monitoring';
import type { LeafColumn } from '@mm/reporting';

/**
 * Where each column of a form comes from, read from the definition's `source` hints (e.g.
 * `REPORT.MENTEES_STUDENTS_STUDENT_STUDENT`, `TARGET.MENTEE_COVERAGE`, `SCHOOL.CODE | DISTRICT.CODE`),
 * so a new layout that rearranges, drops or adds known figures needs no code change. A source this
 * file does not know fails the export with a message naming the column.
 */

export type MonitoringRowEntity = 'SCHOOL' | 'DISTRICT';

export class FormSourceError extends Error {
  constructor(column: LeafColumn, problem: string) {
    super(`Column "${column.key}" (source ${JSON.stringify(column.source ?? null)}): ${problem}`);
    this.name = 'FormSourceError';
  }
}

/** The alternatives of a source (`SCHOOL.CODE | DISTRICT.CODE`), trimmed. */
function alternatives(source: string): string[] {
  return source
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
}

// Figures a monitoring row (school, district row, snapshot totals) stores under a column of its own.
const REPORT_COLUMNS: Record<string, string> = {
  STUDENTS: 'students',
  MENTEES_STUDENTS: 'mentees',
  MENTORS_STUDENTS: 'mentors',
  ...Object.fromEntries(BREAKDOWN_FIGURES.map((b) => [b.code, b.column])),
};
const TARGET_COLUMNS: Record<string, string> = { MENTEE_COVERAGE: 'mentee_target', STUDENT_MENTORS: 'mentor_target' };
const MONITORING_COLUMNS: Record<string, string> = {
  COVERAGE: 'coverage_percent::float8',
  PROGRESS: 'progress_percent::float8',
  STATUS: 'status',
  BASE_STUDENTS: 'base_students',
  MENTOR_BASE: 'mentor_base',
  PREVIOUS_MENTEES: 'previous_mentees',
  MENTEES_DELTA: 'mentees_delta',
  EXPECTED_PROGRESS: '(expected_progress_bp / 100.0)::float8',
};
// Completeness of the row's school or district (a lateral join named `completeness`, see stat-form-rows).
const COMPLETENESS_COLUMNS: Record<string, string> = {
  EXPECTED: 'completeness.completeness_expected',
  SUBMITTED: 'completeness.completeness_submitted',
  ON_TIME: 'completeness.completeness_on_time',
  APPROVED: 'completeness.completeness_approved',
  SUBMITTED_RATE: completenessRateSql('completeness.completeness_submitted', 'completeness.completeness_expected'),
  ON_TIME_RATE: completenessRateSql('completeness.completeness_on_time', 'completeness.completeness_expected'),
};

/** Whether a column is filled from the completeness of reports (a join the form needs only then). */
export function isCompletenessColumn(column: LeafColumn): boolean {
  return (column.source ?? '').trim().startsWith('COMPLETENESS.');
}

const DISTRICT_ROW_COLUMNS: Record<string, string> = {
  SCHOOLS: 'school_count',
  REPORTED_SCHOOLS: 'reported_school_count',
  NOT_REPORTED_SCHOOLS: 'not_reported_school_count',
};

/**
 * The SQL expression of a column over a monitoring row table (`monitoring_school_rows` for SCHOOL
 * rows, `monitoring_district_rows` for DISTRICT rows); `NULL` where the figure does not apply to the
 * entity (a district row has no report status).
 */
export function monitoringColumnSql(column: LeafColumn, entity: MonitoringRowEntity): string {
  if (column.autoNumber) return 'NULL';
  if (!column.source) throw new FormSourceError(column, 'no source');
  const options = alternatives(column.source);
  // Prefer the alternative naming this entity (SCHOOL.CODE for school rows, DISTRICT.CODE for district rows).
  const chosen = options.find((o) => o.startsWith(`${entity}.`)) ?? options.find((o) => !/^(SCHOOL|DISTRICT)\./.test(o));
  if (!chosen) throw new FormSourceError(column, `no alternative for ${entity} rows`);
  const [kind, ...rest] = chosen.split('.');
  const name = rest.join('.');
  switch (kind) {
    case 'SCHOOL':
    case 'DISTRICT':
      if (name === 'CODE') return 'code';
      if (name === 'NAME') return 'name';
      if (kind === 'DISTRICT' && entity === 'DISTRICT' && DISTRICT_ROW_COLUMNS[name]) return DISTRICT_ROW_COLUMNS[name]!;
      break;
    case 'REPORT':
      if (name === 'STATUS') return entity === 'SCHOOL' ? reportStatusSql(column) : 'NULL';
      if (REPORT_COLUMNS[name]) return REPORT_COLUMNS[name]!;
      break;
    case 'TARGET':
      if (TARGET_COLUMNS[name]) return TARGET_COLUMNS[name]!;
      break;
    case 'MONITORING':
      if (MONITORING_COLUMNS[name]) return MONITORING_COLUMNS[name]!;
      break;
    case 'COMPLETENESS':
      if (COMPLETENESS_COLUMNS[name]) return COMPLETENESS_COLUMNS[name]!;
      break;
  }
  throw new FormSourceError(column, 'unknown to monitoring rows');
}

/**
 * The expression of a PROVIDED ИТОГО cell over the snapshot header (`monitoring_snapshots`), which
 * holds the totals of the district or region: targets from the total base, coverage and progress
 * from the totals (never sums of the rows).
 */
export function monitoringTotalSql(column: LeafColumn): string {
  if (!column.source) throw new FormSourceError(column, 'no source');
  const chosen = alternatives(column.source).find((o) => !/^(SCHOOL|DISTRICT)\./.test(o));
  if (!chosen) throw new FormSourceError(column, 'has no total');
  const [kind, ...rest] = chosen.split('.');
  const name = rest.join('.');
  if (kind === 'REPORT' && name !== 'STATUS' && REPORT_COLUMNS[name]) return REPORT_COLUMNS[name]!;
  if (kind === 'TARGET' && TARGET_COLUMNS[name]) return TARGET_COLUMNS[name]!;
  if (kind === 'MONITORING' && name !== 'STATUS' && MONITORING_COLUMNS[name]) return MONITORING_COLUMNS[name]!;
  throw new FormSourceError(column, 'has no total in the monitoring snapshot');
}

/** The monitoring tables say MISSING for "no report"; a layout may label that code NOT_SUBMITTED. */
function reportStatusSql(column: LeafColumn): string {
  const labels = column.valueLabels;
  if (labels && !('MISSING' in labels) && 'NOT_SUBMITTED' in labels) {
    return `CASE report_status WHEN 'MISSING' THEN 'NOT_SUBMITTED' ELSE report_status END`;
  }
  return 'report_status';
}

/** A value of a target plan row: the school's fields, or a field of the cell of the column's year. */
export type PlanValue = (school: { code: string; name: string }, cell: TargetPlanCell | undefined) => string | number | null;

const PLAN_CELL_FIELDS: Record<string, keyof Omit<TargetPlanCell, 'year'>> = {
  'TARGET.MENTEE_COVERAGE': 'menteeTarget',
  'TARGET.STUDENT_MENTORS': 'mentorTarget',
  'ENROLLMENT.STUDENTS': 'students',
  'ENROLLMENT.MENTOR_BASE': 'mentorBase',
};

/** How a target plan column is filled from a plan row (the school and its cells by year). */
export function planColumnValue(column: LeafColumn): PlanValue {
  if (column.autoNumber) return () => null;
  if (!column.source) throw new FormSourceError(column, 'no source');
  const source = alternatives(column.source).find((o) => o.startsWith('SCHOOL.') || PLAN_CELL_FIELDS[o]);
  if (source === 'SCHOOL.NAME') return (school) => school.name;
  if (source === 'SCHOOL.CODE') return (school) => school.code;
  const field = source ? PLAN_CELL_FIELDS[source] : undefined;
  if (!field) throw new FormSourceError(column, 'unknown to the target plan');
  if (column.year === undefined) throw new FormSourceError(column, 'a plan figure needs a year column (yearGroup)');
  return (_school, cell) => (cell ? cell[field] : null);
}
