import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import { QuarterlyReportAction, QuarterlyReportStatus } from '@mm/domain';
import { REPORT_LOCKED_SQL } from '../reporting-workflow/reporting-lock.repository';
import { FigureChange, FigureMap } from './quarterly-report.figures';

export interface ReportRow {
  id: string;
  regionId: string;
  districtId: string;
  schoolId: string;
  year: number;
  quarter: number;
  status: QuarterlyReportStatus;
  version: number;
  catalogueVersion: number;
  figures: FigureMap;
  comment: string | null;
  submittedAt: Date | null;
  submittedLate: boolean;
  approvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Whether the report's reporting period is closed (no changes accepted). */
  periodClosed: boolean;
}

export interface RevisionRow {
  reportId: string;
  version: number;
  action: QuarterlyReportAction;
  status: QuarterlyReportStatus;
  figures: FigureMap;
  changes: FigureChange[];
  comment: string | null;
  authorId: string | null;
  authorRole: string;
  createdAt: Date;
}

export interface DistrictReportRow {
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  report: ReportRow | null;
}

export interface NewReport {
  regionId: string;
  districtId: string;
  schoolId: string;
  year: number;
  quarter: number;
  status: QuarterlyReportStatus;
  catalogueVersion: number;
  figures: FigureMap;
  comment: string | null;
  userId: string;
}

/** The whole state a change writes; the row changes only if it still has `expectedVersion`. */
export interface ReportState {
  status: QuarterlyReportStatus;
  catalogueVersion: number;
  figures: FigureMap;
  comment: string | null;
  submittedAt: Date | null;
  submittedLate: boolean;
  approvedAt: Date | null;
  userId: string;
}

export interface NewRevision {
  report: Pick<ReportRow, 'id' | 'regionId' | 'districtId' | 'schoolId' | 'version' | 'status' | 'figures'>;
  action: QuarterlyReportAction;
  changes: FigureChange[];
  comment: string | null;
  authorId: string | null;
  authorRole: string;
}

export interface PeriodKey {
  schoolId: string;
  year: number;
  quarter: number;
}

const REPORT_COLUMNS = `r.id, r.region_id AS "regionId", r.district_id AS "districtId", r.school_id AS "schoolId",
  r.year, r.quarter, r.status, r.version, r.catalogue_version AS "catalogueVersion", r.figures, r.comment,
  r.submitted_at AS "submittedAt", r.submitted_late AS "submittedLate", r.approved_at AS "approvedAt",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

// The period's closing (less a school's extension, plus the district's sign-off) is read with the
// report so lists can tell which actions are still open.
const PERIOD_JOIN = `LEFT JOIN reporting_periods p ON p.region_id = r.region_id AND p.year = r.year AND p.quarter = r.quarter`;
const PERIOD_CLOSED = `${REPORT_LOCKED_SQL} AS "periodClosed"`;

const REVISION_COLUMNS = `report_id AS "reportId", version, action, status, figures, changes, comment,
  author_id AS "authorId", author_role AS "authorRole", created_at AS "createdAt"`;

/** SQL of quarterly reports and their revisions. Every call runs in the caller's scoped transaction. */
@Injectable()
export class QuarterlyReportRepository {
  async findById(id: string): Promise<ReportRow | null> {
    const tx = currentTx();
    const rows = await tx.query<ReportRow>(
      `SELECT ${REPORT_COLUMNS}, ${PERIOD_CLOSED} FROM quarterly_reports r ${PERIOD_JOIN} WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByPeriod(key: PeriodKey): Promise<ReportRow | null> {
    const tx = currentTx();
    const rows = await tx.query<ReportRow>(
      `SELECT ${REPORT_COLUMNS}, ${PERIOD_CLOSED} FROM quarterly_reports r ${PERIOD_JOIN}
        WHERE r.school_id = $1 AND r.year = $2 AND r.quarter = $3`,
      [key.schoolId, key.year, key.quarter],
    );
    return rows[0] ?? null;
  }

  /** The school a report belongs to (for the scope check before the scoped transaction). */
  async locate(id: string): Promise<{ schoolId: string } | null> {
    const tx = currentTx();
    const rows = await tx.query<{ schoolId: string }>(`SELECT school_id AS "schoolId" FROM quarterly_reports WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Figures of the reports that soft rules compare with, for many (school, year, quarter) keys at
   * once: only SUBMITTED or APPROVED reports count (a draft may be half filled in).
   */
  async findStatedFigures(keys: readonly PeriodKey[]): Promise<(PeriodKey & { figures: FigureMap })[]> {
    const tx = currentTx();
    if (keys.length === 0) return [];
    return tx.query(
      `SELECT r.school_id AS "schoolId", r.year, r.quarter, r.figures
         FROM quarterly_reports r
         JOIN unnest($1::uuid[], $2::smallint[], $3::smallint[]) AS k(school_id, year, quarter)
           ON r.school_id = k.school_id AND r.year = k.year AND r.quarter = k.quarter
        WHERE r.status IN ('SUBMITTED', 'APPROVED')`,
      [keys.map((k) => k.schoolId), keys.map((k) => k.year), keys.map((k) => k.quarter)],
    );
  }

  /** Inserts the first version; null when the school already has a report for the quarter (a racing create). */
  async insert(report: NewReport): Promise<ReportRow | null> {
    const tx = currentTx();
    const rows = await tx.query<ReportRow>(
      `INSERT INTO quarterly_reports AS r (region_id, district_id, school_id, year, quarter, status, version, catalogue_version,
              figures, comment, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8::jsonb, $9, $10, $10)
       ON CONFLICT ON CONSTRAINT quarterly_reports_school_period_key DO NOTHING
       RETURNING ${REPORT_COLUMNS}, false AS "periodClosed"`,
      [
        report.regionId,
        report.districtId,
        report.schoolId,
        report.year,
        report.quarter,
        report.status,
        report.catalogueVersion,
        JSON.stringify(report.figures),
        report.comment,
        report.userId,
      ],
    );
    return rows[0] ?? null;
  }

  /**
   * Optimistic concurrency: writes `state` and increments the version only if the row still has
   * `expectedVersion`; null otherwise (someone else changed it first). Under READ COMMITTED a
   * concurrent writer waits for the row lock and then re-checks the version, so exactly one wins.
   */
  async update(id: string, expectedVersion: number, state: ReportState): Promise<ReportRow | null> {
    const tx = currentTx();
    const result = await tx.query(
      `UPDATE quarterly_reports AS r
          SET status = $3, catalogue_version = $4, figures = $5::jsonb, comment = $6, submitted_at = $7,
              submitted_late = $8, approved_at = $9, updated_by = $10, version = r.version + 1, updated_at = now()
        WHERE r.id = $1 AND r.version = $2
        RETURNING ${REPORT_COLUMNS}, false AS "periodClosed"`,
      [
        id,
        expectedVersion,
        state.status,
        state.catalogueVersion,
        JSON.stringify(state.figures),
        state.comment,
        state.submittedAt,
        state.submittedLate,
        state.approvedAt,
        state.userId,
      ],
    );
    return (result as ReportRow[])[0] ?? null;
  }

  async insertRevision(revision: NewRevision): Promise<void> {
    const tx = currentTx();
    const { report } = revision;
    await tx.query(
      `INSERT INTO quarterly_report_revisions (report_id, region_id, district_id, school_id, version, action, status, figures,
              changes, comment, author_id, author_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12)`,
      [
        report.id,
        report.regionId,
        report.districtId,
        report.schoolId,
        report.version,
        revision.action,
        report.status,
        JSON.stringify(report.figures),
        JSON.stringify(revision.changes),
        revision.comment,
        revision.authorId,
        revision.authorRole,
      ],
    );
  }

  /** The revisions of many reports at once, oldest first. */
  async revisionsOf(reportIds: readonly string[]): Promise<RevisionRow[]> {
    const tx = currentTx();
    if (reportIds.length === 0) return [];
    return tx.query<RevisionRow>(
      `SELECT ${REVISION_COLUMNS} FROM quarterly_report_revisions WHERE report_id = ANY($1::uuid[]) ORDER BY report_id, version`,
      [reportIds],
    );
  }

  /** Every school of a district with its report for the quarter (none: no row), in one query. */
  async listForDistrict(districtId: string, year: number, quarter: number): Promise<DistrictReportRow[]> {
    const tx = currentTx();
    const rows = await tx.query<{ schoolId: string; schoolCode: string; schoolName: string; report: ReportRow | null }>(
      `SELECT s.id AS "schoolId", s.code AS "schoolCode", s.name AS "schoolName",
              CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object(
                'id', r.id, 'regionId', r.region_id, 'districtId', r.district_id, 'schoolId', r.school_id,
                'year', r.year, 'quarter', r.quarter, 'status', r.status, 'version', r.version,
                'catalogueVersion', r.catalogue_version, 'figures', r.figures, 'comment', r.comment,
                'submittedAt', r.submitted_at, 'submittedLate', r.submitted_late, 'approvedAt', r.approved_at,
                'createdAt', r.created_at, 'updatedAt', r.updated_at, 'periodClosed', ${REPORT_LOCKED_SQL}) END AS report
         FROM schools s
         LEFT JOIN quarterly_reports r ON r.school_id = s.id AND r.year = $2 AND r.quarter = $3
         ${PERIOD_JOIN}
        WHERE s.district_id = $1 AND (s.active OR r.id IS NOT NULL)
        ORDER BY s.code, s.id`,
      [districtId, year, quarter],
    );
    return rows.map((row) => ({ ...row, report: row.report ? reviveDates(row.report) : null }));
  }

  /** A school's reports, newest quarter first (optionally of one year). */
  async listForSchool(schoolId: string, year: number | null): Promise<ReportRow[]> {
    const tx = currentTx();
    return tx.query<ReportRow>(
      `SELECT ${REPORT_COLUMNS}, ${PERIOD_CLOSED} FROM quarterly_reports r ${PERIOD_JOIN}
        WHERE r.school_id = $1 AND ($2::smallint IS NULL OR r.year = $2)
        ORDER BY r.year DESC, r.quarter DESC`,
      [schoolId, year],
    );
  }
}

/** json_build_object renders timestamps as strings; the rest of the module works with Dates. */
export function reviveDates<T extends Partial<Record<'submittedAt' | 'approvedAt' | 'createdAt' | 'updatedAt', unknown>>>(row: T): T {
  const out: any = { ...row };
  for (const key of ['submittedAt', 'approvedAt', 'createdAt', 'updatedAt'] as const) {
    if (typeof out[key] === 'string') out[key] = new Date(out[key]);
  }
  return out;
}
