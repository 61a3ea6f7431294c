import type { TenantTransaction } from '@mm/database';
import { roadmapDayOf, stageState, type TargetPlanCell } from '@mm/domain';
import { completenessCountsSql, completenessPeriodLiterals, percentSql } from '@mm/monitoring';
import { TargetPlanLoader } from '@mm/planning';
import { RoadmapMatrixReader } from '@mm/roadmap';
import {
  expandColumns,
  renderTitle,
  yearColumnKey,
  type ExpandedColumns,
  type FormDefinition,
  type FormRow,
  type LeafColumn,
} from '@mm/reporting';
import { periodText, schoolYearPeriodText } from '@mm/stat-exports';
import { cursorRows } from './sql-cursor';
import {
  isCompletenessColumn,
  monitoringColumnSql,
  monitoringTotalSql,
  planColumnValue,
  type MonitoringRowEntity,
} from './stat-form-sources';
import { JobFailure } from '@mm/queue';

/** The scope a form is generated for; NATIONAL (every region) is what the benchmark writes. */
export type FormScope =
  | { readonly kind: 'DISTRICT'; readonly regionId: string; readonly districtId: string }
  | { readonly kind: 'REGION'; readonly regionId: string }
  | { readonly kind: 'NATIONAL' };

export interface FormRequest {
  readonly definition: FormDefinition;
  readonly scope: FormScope;
  readonly year: number;
  /** TARGET_PLAN: the last plan year. */
  readonly toYear: number | null;
  /** Monitoring forms: the quarter. */
  readonly quarter: number | null;
  /** When the export was requested: ROADMAP_MATRIX states are those of that day (Moscow). */
  readonly requestedAt?: Date;
}

/** Everything a writer needs: the columns, title, rows (streamed) and the ИТОГО row's provided cells. */
export interface FormContent {
  readonly columns: ExpandedColumns;
  readonly title: string;
  readonly subtitle: string;
  readonly rows: AsyncIterable<FormRow>;
  readonly totalRow?: FormRow;
  /** Data rows the content will yield (for progress). */
  readonly rowCount: number;
}

/** The monitoring snapshot header a form is read from. */
export interface SnapshotHeader {
  id: string;
  computedAt: Date;
}

/** The data a form needs is not there (no snapshot, no roadmap): told to the client as is. */
export class FormDataMissingError extends JobFailure {
  constructor(message: string) {
    super('FORM_DATA_MISSING', message);
  }
}

/**
 * The rows of a statistical form, read from exactly what the screens read: the target plan from
 * the plan loader (districtTargetPlan), monitoring forms from the stored snapshots
 * (districtMonitoring and the region view). Monitoring rows stream through a server-side cursor;
 * a plan is one district's schools, computed in memory as the screen computes it.
 * Runs in the caller's transaction (the job's scope; RLS applies).
 */
export class StatFormRowSource {
  constructor(
    private readonly plans: TargetPlanLoader = new TargetPlanLoader(),
    private readonly roadmaps: RoadmapMatrixReader = new RoadmapMatrixReader(),
  ) {}

  async open(tx: TenantTransaction, request: FormRequest, generatedAt: Date = new Date()): Promise<FormContent> {
    if (request.definition.code === 'TARGET_PLAN') return this.targetPlan(tx, request, generatedAt);
    if (request.definition.code === 'ROADMAP_MATRIX') return this.roadmapMatrix(tx, request, request.requestedAt ?? generatedAt);
    return this.monitoringForm(tx, request);
  }

  /** The stored snapshot of a monitoring scope and quarter, or null when it was never computed. */
  async snapshotOf(tx: TenantTransaction, scope: FormScope, year: number, quarter: number): Promise<SnapshotHeader | null> {
    if (scope.kind === 'NATIONAL') {
      const [row] = await tx.query<{ id: string | null; computedAt: Date | null }>(
        `SELECT NULL::uuid AS id, max(computed_at) AS "computedAt" FROM monitoring_snapshots
          WHERE district_id IS NULL AND year = $1 AND quarter = $2`,
        [year, quarter],
      );
      return row?.computedAt ? { id: 'national', computedAt: row.computedAt } : null;
    }
    const [row] = await tx.query<SnapshotHeader>(
      `SELECT id, computed_at AS "computedAt" FROM monitoring_snapshots
        WHERE region_id = $1 AND district_id IS NOT DISTINCT FROM $2::uuid AND year = $3 AND quarter = $4`,
      [scope.regionId, scope.kind === 'DISTRICT' ? scope.districtId : null, year, quarter],
    );
    return row ?? null;
  }

  /** The name a title shows for the scope («Калининский район», the region's name). */
  async scopeName(tx: TenantTransaction, scope: FormScope): Promise<string> {
    if (scope.kind === 'NATIONAL') return 'Российская Федерация';
    const [row] = await tx.query<{ name: string }>(
      scope.kind === 'DISTRICT' ? `SELECT name FROM districts WHERE id = $1` : `SELECT name FROM regions WHERE id = $1`,
      [scope.kind === 'DISTRICT' ? scope.districtId : scope.regionId],
    );
    if (!row) throw new FormDataMissingError(`The ${scope.kind.toLowerCase()} of the export is not visible to the job`);
    return row.name;
  }

  private async targetPlan(tx: TenantTransaction, request: FormRequest, generatedAt: Date): Promise<FormContent> {
    const { definition, scope, year } = request;
    if (scope.kind !== 'DISTRICT') throw new Error(`${definition.code} is made for a district`);
    const plan = await this.plans.districtPlan(scope.districtId, { fromYear: year, toYear: request.toYear ?? undefined });
    if (!plan) throw new FormDataMissingError('The district of the export is not visible to the job');
    const years = Array.from({ length: plan.toYear - plan.fromYear + 1 }, (_, i) => plan.fromYear + i);
    const columns = expandColumns(definition, { years });
    const fill = columns.leaves.map((column) => ({ column, value: planColumnValue(column) }));
    const cellOf = (cells: readonly TargetPlanCell[], column: LeafColumn) =>
      column.year === undefined ? undefined : cells[column.year - plan.fromYear];

    async function* rows(): AsyncGenerator<FormRow> {
      for (const row of plan!.rows) {
        const out: Record<string, string | number | null> = {};
        for (const { column, value } of fill) out[column.key] = value(row.school, cellOf(row.cells, column));
        yield out;
      }
    }
    const totalRow = providedTotals(columns, (column) => planColumnValue(column)({ code: '', name: '' }, cellOf(plan.totals, column)));
    return {
      columns,
      title: renderTitle(definition.titleRu, {
        scopeName: plan.district.name,
        period: periodText({ year: plan.fromYear, toYear: plan.toYear, quarter: null }),
      }),
      subtitle: `По состоянию на ${formatDate(generatedAt)}. Строка ИТОГО рассчитана от общей численности обучающихся района, а не как сумма показателей ОО.`,
      rows: rows(),
      totalRow,
      rowCount: plan.rows.length,
    };
  }

  /**
   * The district's roadmap matrix from the same reads as roadmapMatrix (one query over the cells),
   * a group of columns per stage (by position), states for the export's day; ИТОГО counts the
   * schools that completed each stage.
   */
  private async roadmapMatrix(tx: TenantTransaction, request: FormRequest, requestedAt: Date): Promise<FormContent> {
    const { definition, scope, year } = request;
    if (scope.kind !== 'DISTRICT') throw new Error(`${definition.code} is made for a district`);
    const roadmap = await this.roadmaps.findRoadmap(scope.districtId, year);
    if (!roadmap) throw new FormDataMissingError(`The district has no roadmap for the ${year}/${year + 1} school year`);
    const stages = await this.roadmaps.listStages(roadmap.id);
    const cells = await this.roadmaps.matrixCells(roadmap);
    const today = roadmapDayOf(requestedAt);
    const columns = expandColumns(definition, {
      years: stages.map((s) => s.position),
      groupTitles: new Map(stages.map((s) => [s.position, `${s.code}. ${s.title} (срок ${isoToRu(s.deadline)})`])),
    });
    const stageById = new Map(stages.map((s) => [s.id, s]));

    // Cells come ordered by school, then stage position: one form row per school.
    const rowsOut: Record<string, string | number | null>[] = [];
    const done = new Map<number, number>(stages.map((s) => [s.position, 0]));
    let current: Record<string, string | number | null> | null = null;
    let currentSchool: string | null = null;
    for (const cell of cells) {
      if (cell.schoolId !== currentSchool) {
        currentSchool = cell.schoolId;
        current = { code: cell.schoolCode, name: cell.schoolName };
        rowsOut.push(current);
      }
      const stage = stageById.get(cell.stageId)!;
      const state = stageState({ deadline: stage.deadline, completion: cell.completion, today });
      current![yearColumnKey('state', stage.position)] = state;
      current![yearColumnKey('completedOn', stage.position)] =
        state === 'DONE' ? isoToRu(roadmapDayOf(cell.completion!.completedAt)) : null;
      if (state === 'DONE') done.set(stage.position, done.get(stage.position)! + 1);
    }
    const totalRow = providedTotals(columns, (column) => (column.year === undefined ? null : String(done.get(column.year) ?? 0)));

    async function* rows(): AsyncGenerator<FormRow> {
      yield* rowsOut;
    }
    return {
      columns,
      title: renderTitle(definition.titleRu, { scopeName: await this.scopeName(tx, scope), period: schoolYearPeriodText(year) }),
      subtitle: `Состояние этапов на ${isoToRu(today)} (по московскому времени); дата выполнения — день отметки ОО.`,
      rows: rows(),
      totalRow,
      rowCount: rowsOut.length,
    };
  }

  private async monitoringForm(tx: TenantTransaction, request: FormRequest): Promise<FormContent> {
    const { definition, scope, year } = request;
    const quarter = request.quarter;
    if (quarter === null) throw new Error(`${definition.code} is made for a quarter`);
    // A region's MONITORING_SUMMARY has a row per district; a district's (and the national one) per school.
    const entity: MonitoringRowEntity = scope.kind === 'REGION' ? 'DISTRICT' : 'SCHOOL';
    const expected = definition.rowsPer[scope.kind === 'NATIONAL' ? 'REGION' : scope.kind];
    if (scope.kind !== 'NATIONAL' && expected !== entity) throw new Error(`${definition.code} has no ${scope.kind} layout`);

    const header = await this.snapshotOf(tx, scope, year, quarter);
    if (!header) throw new FormDataMissingError(`No monitoring snapshot of ${year} Q${quarter} for the scope`);
    const columns = expandColumns(definition);
    const select = columns.leaves
      .filter((column) => !column.autoNumber)
      .map((column) => `${monitoringColumnSql(column, entity)} AS "${column.key}"`)
      .join(', ');

    // districtMonitoring's order: by school code (district rows: by district code); national: by district, then school.
    let table: string;
    let order: string;
    let parameters: unknown[];
    if (scope.kind === 'NATIONAL') {
      table = `(SELECT r.*, d.code AS district_code FROM monitoring_school_rows r JOIN districts d ON d.id = r.district_id
                 WHERE r.year = $1 AND r.quarter = $2) r`;
      order = 'r.district_code, r.district_id, r.code, r.school_id';
      parameters = [year, quarter];
    } else if (entity === 'SCHOOL') {
      table = `(SELECT * FROM monitoring_school_rows WHERE snapshot_id = $1) r`;
      order = 'r.code, r.school_id';
      parameters = [header.id];
    } else {
      table = `(SELECT * FROM monitoring_district_rows WHERE snapshot_id = $1) r`;
      order = 'r.code, r.district_id';
      parameters = [header.id];
    }
    // Completeness columns read the reports themselves, per row: the row's school, or the district's schools.
    const completeness = columns.leaves.some(isCompletenessColumn)
      ? ` LEFT JOIN LATERAL (${completenessCountsSql(entity === 'SCHOOL' ? 's.id = r.school_id' : 's.district_id = r.district_id', completenessPeriodLiterals(year, quarter))}) completeness ON true`
      : '';
    const [{ count }] = await tx.query<{ count: number }>(`SELECT count(*)::integer AS count FROM ${table}`, parameters);
    const rows = cursorRows<FormRow>(tx, `SELECT ${select} FROM ${table}${completeness} ORDER BY ${order}`, parameters);

    const provided = columns.leaves.filter((column) => column.total === 'PROVIDED');
    const fromSnapshot = provided.filter((column) => !isCompletenessColumn(column));
    const fromReports = provided.filter(isCompletenessColumn);
    let totalRow: FormRow | undefined;
    if (columns.total && provided.length) {
      totalRow = {
        ...(fromSnapshot.length
          ? scope.kind === 'NATIONAL'
            ? await nationalTotals(tx, fromSnapshot, year, quarter)
            : await snapshotTotals(tx, fromSnapshot, header.id)
          : {}),
        ...(fromReports.length ? await completenessTotals(tx, fromReports, scope, year, quarter) : {}),
      };
    }
    return {
      columns,
      title: renderTitle(definition.titleRu, {
        scopeName: await this.scopeName(tx, scope),
        period: periodText({ year, toYear: null, quarter }),
      }),
      subtitle: `По данным мониторинга, рассчитанного ${formatDateTime(header.computedAt)} (время московское); учтены представленные и утверждённые отчёты.`,
      rows,
      totalRow,
      rowCount: count,
    };
  }
}

/** The ИТОГО row's PROVIDED cells, or undefined when the form has no ИТОГО row. */
function providedTotals(columns: ExpandedColumns, value: (column: LeafColumn) => string | number | null): FormRow | undefined {
  if (!columns.total) return undefined;
  const total: Record<string, string | number | null> = {};
  for (const column of columns.leaves) if (column.total === 'PROVIDED') total[column.key] = value(column);
  return total;
}

/** Completeness of the whole scope for the ИТОГО row (rates of the totals, never averages of the rows). */
async function completenessTotals(
  tx: TenantTransaction,
  provided: readonly LeafColumn[],
  scope: FormScope,
  year: number,
  quarter: number,
): Promise<FormRow> {
  const where =
    scope.kind === 'DISTRICT' ? 's.district_id = $1::uuid' : scope.kind === 'REGION' ? 's.region_id = $1::uuid' : '$1::uuid IS NULL';
  const select = provided.map((column) => `${monitoringColumnSql(column, 'DISTRICT')} AS "${column.key}"`).join(', ');
  const id = scope.kind === 'DISTRICT' ? scope.districtId : scope.kind === 'REGION' ? scope.regionId : null;
  const [row] = await tx.query<FormRow>(
    `SELECT ${select} FROM (${completenessCountsSql(where, completenessPeriodLiterals(year, quarter))}) completeness`,
    [id],
  );
  return row!;
}

async function snapshotTotals(tx: TenantTransaction, provided: readonly LeafColumn[], snapshotId: string): Promise<FormRow> {
  const select = provided.map((column) => `${monitoringTotalSql(column)} AS "${column.key}"`).join(', ');
  const [row] = await tx.query<FormRow>(`SELECT ${select} FROM monitoring_snapshots WHERE id = $1`, [snapshotId]);
  if (!row) throw new FormDataMissingError('The monitoring snapshot disappeared while the form was written');
  return row;
}

/**
 * National totals over the region snapshots: counts and targets add up across regions (each region's
 * target already comes from its own total base); coverage and progress from those sums.
 */
async function nationalTotals(tx: TenantTransaction, provided: readonly LeafColumn[], year: number, quarter: number): Promise<FormRow> {
  const expression = (column: LeafColumn): string => {
    const sql = monitoringTotalSql(column);
    if (sql === 'coverage_percent::float8') return `${percentSql('sum(mentees)', 'sum(students)')}::float8`;
    if (sql === 'progress_percent::float8') return `${percentSql('sum(mentees)', 'sum(mentee_target)')}::float8`;
    return /^[a-z_]+$/.test(sql) ? `sum(${sql})::float8` : 'NULL';
  };
  const select = provided.map((column) => `${expression(column)} AS "${column.key}"`).join(', ');
  const [row] = await tx.query<FormRow>(
    `SELECT ${select} FROM monitoring_snapshots WHERE district_id IS NULL AND year = $1 AND quarter = $2`,
    [year, quarter],
  );
  return row!;
}

/** 2025-09-30 → 30.09.2025. */
function isoToRu(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** Dates and times in files are Moscow time, as the web app shows them. */
const MOSCOW = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function moscowParts(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const parts = Object.fromEntries(MOSCOW.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** 31.03.2024 (Moscow). */
export function formatDate(at: Date): string {
  const p = moscowParts(at);
  return `${p.day}.${p.month}.${p.year}`;
}

/** 31.03.2024 14:05 (Moscow). */
export function formatDateTime(at: Date): string {
  const p = moscowParts(at);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}
