import { currentTx } from '@mm/database';
import type { MonitoringStatus } from '@mm/domain';
import { BREAKDOWN_FIGURES, COUNT_COLUMNS, type Breakdown } from './monitoring-figures';

/** MISSING: the school has no report for the quarter; otherwise the report's current status. */
export type MonitoringReportStatus = 'MISSING' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

/** Figures of a monitoring row (a school, a district total, a region total). */
export interface MonitoringFigures extends Breakdown {
  /** Students on the report date, else the enrollment base (a total: the sum over its rows). */
  students: number | null;
  /** The enrollment the mentee target is computed from (carried forward; a total: the total base). */
  baseStudents: number | null;
  mentorBase: number | null;
  /** Unique student mentees, year to date; null without a counted report (a total: none reported). */
  mentees: number | null;
  /** Students acting as mentors. */
  mentors: number | null;
  menteeTarget: number | null;
  mentorTarget: number | null;
  coveragePercent: number | null;
  progressPercent: number | null;
  /** Mentees of the previous quarter of the same year (null in Q1 or without that report). */
  previousMentees: number | null;
  menteesDelta: number | null;
  status: MonitoringStatus;
  expectedProgressPercent: number;
}

export interface MonitoringPlace {
  id: string;
  code: string;
  name: string;
}

export interface SchoolMonitoringRow extends MonitoringFigures {
  school: MonitoringPlace;
  regionId: string;
  districtId: string;
  year: number;
  quarter: number;
  computedAt: Date;
  reportStatus: MonitoringReportStatus;
}

export interface MonitoringTotals extends MonitoringFigures {
  schoolCount: number;
  reportedSchoolCount: number;
  notReportedSchoolCount: number;
  sumOfSchoolMenteeTargets: number | null;
  sumOfSchoolMentorTargets: number | null;
}

export interface RegionMonitoringTotals extends MonitoringTotals {
  districtCount: number;
  sumOfDistrictMenteeTargets: number | null;
  sumOfDistrictMentorTargets: number | null;
}

export interface DistrictMonitoringRow extends MonitoringTotals {
  district: MonitoringPlace;
}

export interface DistrictMonitoringSnapshot {
  id: string;
  regionId: string;
  districtId: string;
  year: number;
  quarter: number;
  computedAt: Date;
  jobRunId: string | null;
  totals: MonitoringTotals;
  /** Ordered by school code. */
  schools: SchoolMonitoringRow[];
}

export interface RegionMonitoringSnapshot {
  id: string;
  regionId: string;
  year: number;
  quarter: number;
  computedAt: Date;
  jobRunId: string | null;
  totals: RegionMonitoringTotals;
  /** Ordered by district code. */
  districts: DistrictMonitoringRow[];
}

const FIGURES = [
  ...COUNT_COLUMNS.map((c) => `${c.column} AS "${c.field}"`),
  ...BREAKDOWN_FIGURES.map((b) => `${b.column} AS "${b.field}"`),
  `coverage_percent::float8 AS "coveragePercent"`,
  `progress_percent::float8 AS "progressPercent"`,
  `status`,
  `expected_progress_bp / 100.0::float8 AS "expectedProgressPercent"`,
].join(', ');

const TOTALS = `${FIGURES}, school_count AS "schoolCount", reported_school_count AS "reportedSchoolCount",
  not_reported_school_count AS "notReportedSchoolCount", sum_of_school_mentee_targets AS "sumOfSchoolMenteeTargets",
  sum_of_school_mentor_targets AS "sumOfSchoolMentorTargets"`;

const HEADER = `id, region_id AS "regionId", district_id AS "districtId", year, quarter, computed_at AS "computedAt", job_run_id AS "jobRunId"`;

const SCHOOL_ROW = `${FIGURES}, school_id AS "schoolId", code, name, region_id AS "regionId", district_id AS "districtId",
  year, quarter, computed_at AS "computedAt", report_status AS "reportStatus"`;

type Flat<T> = T & { code: string; name: string };

function schoolRow(row: Flat<Omit<SchoolMonitoringRow, 'school'> & { schoolId: string }>): SchoolMonitoringRow {
  const { schoolId, code, name, ...rest } = row;
  return { ...rest, school: { id: schoolId, code, name } };
}

/**
 * Reads the stored snapshots (never computes): what dashboards show is exactly what the last
 * run wrote. Runs in the reader's scope, so RLS decides what is visible.
 */
export class MonitoringSnapshotRepository {
  async districtSnapshot(districtId: string, year: number, quarter: number): Promise<DistrictMonitoringSnapshot | null> {
    const tx = currentTx();
    // One statement for the dashboard: the header, and its school rows as one JSON array (one round
    // trip fewer, and one native JSON.parse instead of parsing a hundred rows value by value).
    const [header] = await tx.query(
      `SELECT ${HEADER}, ${TOTALS},
              (SELECT coalesce(json_agg(r ORDER BY r.code, r."schoolId"), '[]'::json)
                 FROM (SELECT ${SCHOOL_ROW} FROM monitoring_school_rows WHERE snapshot_id = s.id) r) AS "schoolRows"
         FROM monitoring_snapshots s WHERE district_id = $1 AND year = $2 AND quarter = $3`,
      [districtId, year, quarter],
    );
    if (!header) return null;
    const { id, regionId, computedAt, jobRunId, schoolRows, ...totals } = header;
    delete totals.districtId;
    delete totals.year;
    delete totals.quarter;
    const schools = (schoolRows as any[]).map((row) => schoolRow({ ...row, computedAt: new Date(row.computedAt) }));
    return { id, regionId, districtId, year, quarter, computedAt, jobRunId, totals, schools };
  }

  /** A school's row of its district's latest snapshot of the quarter. */
  async schoolRow(schoolId: string, year: number, quarter: number): Promise<SchoolMonitoringRow | null> {
    const tx = currentTx();
    const [row] = await tx.query(`SELECT ${SCHOOL_ROW} FROM monitoring_school_rows WHERE school_id = $1 AND year = $2 AND quarter = $3`, [
      schoolId,
      year,
      quarter,
    ]);
    return row ? schoolRow(row) : null;
  }

  async regionSnapshot(regionId: string, year: number, quarter: number): Promise<RegionMonitoringSnapshot | null> {
    const tx = currentTx();
    const [header] = await tx.query(
      `SELECT ${HEADER}, ${TOTALS}, district_count AS "districtCount",
              sum_of_district_mentee_targets AS "sumOfDistrictMenteeTargets", sum_of_district_mentor_targets AS "sumOfDistrictMentorTargets"
         FROM monitoring_snapshots WHERE region_id = $1 AND district_id IS NULL AND year = $2 AND quarter = $3`,
      [regionId, year, quarter],
    );
    if (!header) return null;
    const rows = await tx.query(
      `SELECT ${TOTALS}, district_id AS "districtId", code, name FROM monitoring_district_rows WHERE snapshot_id = $1 ORDER BY code, district_id`,
      [header.id],
    );
    const { id, computedAt, jobRunId, ...totals } = header;
    delete totals.regionId;
    delete totals.districtId;
    delete totals.year;
    delete totals.quarter;
    const districts = rows.map(({ districtId, code, name, ...figures }: any): DistrictMonitoringRow => ({
      ...figures,
      district: { id: districtId, code, name },
    }));
    return { id, regionId, year, quarter, computedAt, jobRunId, totals, districts };
  }
}
