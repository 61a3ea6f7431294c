import type { TenantTransaction } from '@mm/database';
import { currentTx } from '@mm/database';
import { DEFAULT_SCHEDULES, TARGET_INDICATORS, type TargetIndicator, type TargetSchedule, type TargetSchedulePoint } from '@mm/domain';

/** Where a district's schedule of an indicator comes from. */
export type ScheduleSource = 'DISTRICT_OVERRIDE' | 'REGION_DEFAULT';

export interface EffectiveSchedule {
  schedule: TargetSchedule;
  source: ScheduleSource;
}

/** Both indicators' effective schedules of one district. */
export type EffectiveSchedules = Record<TargetIndicator, EffectiveSchedule>;

/** A district and its region. */
export interface DistrictPlace {
  districtId: string;
  regionId: string;
}

/**
 * SQL of the effective schedule points of the districts listed in the uuid[] parameter
 * `districtIdsParam` (e.g. `$1`), for set-based queries such as monitoring. Columns:
 * district_id, indicator, year, percent_bp, is_override.
 *
 * THE RULE: a district that has ANY point of an indicator (an override) uses exactly its own
 * points of that indicator; the region default of that indicator is then ignored entirely, even
 * for years the override leaves out. An override replaces the whole schedule of its indicator,
 * it is not merged year by year. Each indicator is decided on its own.
 */
export function effectiveSchedulePointsSql(districtIdsParam: string): string {
  return `SELECT d.id AS district_id, p.indicator, p.year, p.percent_bp, p.district_id IS NOT NULL AS is_override
    FROM districts d
    JOIN target_schedule_points p
      ON p.region_id = d.region_id
     AND (p.district_id = d.id
          OR (p.district_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM target_schedule_points o WHERE o.district_id = d.id AND o.indicator = p.indicator)))
   WHERE d.id = ANY(${districtIdsParam}::uuid[])`;
}

interface PointRow {
  districtId: string;
  indicator: TargetIndicator;
  year: number;
  percentBp: number;
  isOverride: boolean;
}

/**
 * Target schedules as data: the region default (district_id NULL) and district overrides, per
 * indicator. See effectiveSchedulePointsSql for how they combine.
 */
export class TargetScheduleRepository {
  /** The effective schedules of many districts in one query (both indicators, points by year). */
  async effectiveSchedules(districtIds: readonly string[]): Promise<Map<string, EffectiveSchedules>> {
    const tx = currentTx();
    const result = new Map<string, EffectiveSchedules>();
    if (districtIds.length === 0) return result;
    const rows = await tx.query<PointRow>(
      `SELECT district_id AS "districtId", indicator, year, percent_bp AS "percentBp", is_override AS "isOverride"
         FROM (${effectiveSchedulePointsSql('$1')}) effective
        ORDER BY year`,
      [districtIds],
    );
    for (const districtId of districtIds) result.set(districtId, emptyEffective());
    for (const row of rows) {
      const effective = result.get(row.districtId)![row.indicator];
      (effective.schedule.points as TargetSchedulePoint[]).push({ year: row.year, percentBp: row.percentBp });
      if (row.isOverride) effective.source = 'DISTRICT_OVERRIDE';
    }
    return result;
  }

  /** The region's default schedules (empty when the region has none). */
  async regionDefaults(regionId: string): Promise<Record<TargetIndicator, TargetSchedule>> {
    const tx = currentTx();
    const rows = await tx.query<PointRow>(
      `SELECT indicator, year, percent_bp AS "percentBp" FROM target_schedule_points
        WHERE region_id = $1 AND district_id IS NULL ORDER BY year`,
      [regionId],
    );
    const schedules = Object.fromEntries(
      TARGET_INDICATORS.map((indicator) => [indicator, { indicator, points: [] as TargetSchedulePoint[] }]),
    ) as Record<TargetIndicator, { indicator: TargetIndicator; points: TargetSchedulePoint[] }>;
    for (const row of rows) schedules[row.indicator].points.push({ year: row.year, percentBp: row.percentBp });
    return schedules;
  }

  /**
   * Replaces a district's override of `schedule.indicator` with `schedule.points` (none: the
   * district falls back to the region default). Returns the points it replaced.
   */
  async replaceDistrictOverride(place: DistrictPlace, schedule: TargetSchedule, updatedBy: string | null): Promise<TargetSchedulePoint[]> {
    const tx = currentTx();
    await lockSchedule(tx, `district:${place.districtId}:${schedule.indicator}`);
    // Selecting from the DELETE returns the replaced points in year order, for the audit row.
    const old = await tx.query<TargetSchedulePoint>(
      `WITH deleted AS (DELETE FROM target_schedule_points WHERE district_id = $1 AND indicator = $2 RETURNING year, percent_bp)
       SELECT year, percent_bp AS "percentBp" FROM deleted ORDER BY year`,
      [place.districtId, schedule.indicator],
    );
    await insertPoints(tx, place.regionId, place.districtId, schedule, updatedBy);
    return old;
  }

  /** Replaces the region default of `schedule.indicator`. Returns the points it replaced. */
  async replaceRegionDefault(regionId: string, schedule: TargetSchedule, updatedBy: string | null): Promise<TargetSchedulePoint[]> {
    const tx = currentTx();
    await lockSchedule(tx, `region:${regionId}:${schedule.indicator}`);
    const old = await tx.query<TargetSchedulePoint>(
      `WITH deleted AS (DELETE FROM target_schedule_points WHERE region_id = $1 AND district_id IS NULL AND indicator = $2
                        RETURNING year, percent_bp)
       SELECT year, percent_bp AS "percentBp" FROM deleted ORDER BY year`,
      [regionId, schedule.indicator],
    );
    await insertPoints(tx, regionId, null, schedule, updatedBy);
    return old;
  }
}

/**
 * Gives a region the seeded default schedule (DEFAULT_SCHEDULES: 2020–2024, 10/25/40/55/70 %
 * mentees and 2/4/6/8/10 % student mentors) in one statement. Years the region already has are
 * kept. Meant for the transaction that creates the region.
 */
export async function seedDefaultSchedule(tx: TenantTransaction, regionId: string): Promise<void> {
  const points = Object.values(DEFAULT_SCHEDULES).flatMap((schedule) =>
    schedule.points.map((point) => ({ indicator: schedule.indicator, ...point })),
  );
  await tx.query(
    `INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp)
     SELECT $1::uuid, t.indicator, t.year, t.percent_bp FROM unnest($2::varchar[], $3::smallint[], $4::int[]) AS t(indicator, year, percent_bp)
     ON CONFLICT (region_id, indicator, year) WHERE district_id IS NULL DO NOTHING`,
    [regionId, points.map((p) => p.indicator), points.map((p) => p.year), points.map((p) => p.percentBp)],
  );
}

/** Two replacements of the same schedule at once would both delete, then collide on insert: take turns. */
async function lockSchedule(tx: TenantTransaction, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`target_schedule:${key}`]);
}

async function insertPoints(
  tx: TenantTransaction,
  regionId: string,
  districtId: string | null,
  schedule: TargetSchedule,
  updatedBy: string | null,
): Promise<void> {
  if (schedule.points.length === 0) return;
  await tx.query(
    `INSERT INTO target_schedule_points (region_id, district_id, indicator, year, percent_bp, updated_by)
     SELECT $1::uuid, $2::uuid, $3::varchar, t.year, t.percent_bp, $4::uuid FROM unnest($5::smallint[], $6::int[]) AS t(year, percent_bp)`,
    [regionId, districtId, schedule.indicator, updatedBy, schedule.points.map((p) => p.year), schedule.points.map((p) => p.percentBp)],
  );
}

function emptyEffective(): EffectiveSchedules {
  return {
    MENTEE_COVERAGE: { schedule: { indicator: 'MENTEE_COVERAGE', points: [] }, source: 'REGION_DEFAULT' },
    STUDENT_MENTORS: { schedule: { indicator: 'STUDENT_MENTORS', points: [] }, source: 'REGION_DEFAULT' },
  };
}
