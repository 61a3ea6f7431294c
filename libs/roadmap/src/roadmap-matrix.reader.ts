import { currentTx } from '@mm/database';
import type { RoadmapCompletionState } from '@mm/domain';

/*
 * The roadmap matrix's reads: the district's roadmap for a school year, its stages and every
 * school × stage cell in one query. Shared by the API's roadmap module and the worker's
 * ROADMAP_MATRIX export, so the screen and the file read the same rows. Runs in the transaction
 * of the current operation (RLS applies).
 */

export interface RoadmapRow {
  id: string;
  regionId: string;
  districtId: string;
  schoolYear: number;
  title: string;
  publishedAt: Date;
  version: number;
}

export interface StageRow {
  id: string;
  roadmapId: string;
  regionId: string;
  districtId: string;
  position: number;
  code: string;
  title: string;
  description: string;
  deadline: string;
  evidenceRequired: boolean;
  version: number;
  updatedAt: Date;
}

export interface CompletionRow {
  id: string;
  stageId: string;
  schoolId: string;
  state: RoadmapCompletionState;
  documentNumber: string | null;
  documentDate: string | null;
  note: string | null;
  link: string | null;
  completedBy: string | null;
  completedAt: Date;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  version: number;
}

/** A cell of the matrix: a school, a stage and the school's completion of it (nulls when none). */
export interface MatrixCellRow {
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  stageId: string;
  completion: CompletionRow | null;
}

export const ROADMAP_COLUMNS = `r.id, r.region_id AS "regionId", r.district_id AS "districtId", r.school_year AS "schoolYear", r.title,
  r.published_at AS "publishedAt", r.version`;
// Dates as text: node-pg would turn a date into a Date at local midnight.
export const STAGE_COLUMNS = `s.id, s.roadmap_id AS "roadmapId", s.region_id AS "regionId", s.district_id AS "districtId", s.position, s.code,
  s.title, s.description, to_char(s.deadline, 'YYYY-MM-DD') AS deadline, s.evidence_required AS "evidenceRequired", s.version,
  s.updated_at AS "updatedAt"`;
export const COMPLETION_COLUMNS = `c.id, c.stage_id AS "stageId", c.school_id AS "schoolId", c.state, c.document_number AS "documentNumber",
  to_char(c.document_date, 'YYYY-MM-DD') AS "documentDate", c.note, c.link, c.completed_by AS "completedBy", c.completed_at AS "completedAt",
  c.reviewed_by AS "reviewedBy", c.reviewed_at AS "reviewedAt", c.review_comment AS "reviewComment", c.version`;

/** Runs in the caller's tenant transaction (RLS applies). */
export class RoadmapMatrixReader {
  async findRoadmap(districtId: string, schoolYear: number): Promise<RoadmapRow | null> {
    const tx = currentTx();
    const rows = await tx.query<RoadmapRow>(`SELECT ${ROADMAP_COLUMNS} FROM roadmaps r WHERE r.district_id = $1 AND r.school_year = $2`, [
      districtId,
      schoolYear,
    ]);
    return rows[0] ?? null;
  }

  async listStages(roadmapId: string): Promise<StageRow[]> {
    const tx = currentTx();
    return tx.query<StageRow>(`SELECT ${STAGE_COLUMNS} FROM roadmap_stages s WHERE s.roadmap_id = $1 ORDER BY s.position`, [roadmapId]);
  }

  /** Every active school of the district × every stage of the roadmap, with the completion: one query. */
  async matrixCells(roadmap: Pick<RoadmapRow, 'id' | 'districtId'>): Promise<MatrixCellRow[]> {
    const tx = currentTx();
    // The school and stage of the cell are named apart from the completion's own columns (null without one).
    const rows = await tx.query<Record<string, any>>(
      `SELECT sc.id AS "cellSchoolId", sc.code AS "schoolCode", sc.name AS "schoolName", s.id AS "cellStageId", ${COMPLETION_COLUMNS}
         FROM schools sc
         JOIN roadmap_stages s ON s.roadmap_id = $1 AND s.district_id = sc.district_id
         LEFT JOIN roadmap_stage_completions c ON c.stage_id = s.id AND c.school_id = sc.id
        WHERE sc.district_id = $2 AND sc.active
        ORDER BY sc.code, sc.id, s.position`,
      [roadmap.id, roadmap.districtId],
    );
    return rows.map((row) => ({
      schoolId: row.cellSchoolId,
      schoolCode: row.schoolCode,
      schoolName: row.schoolName,
      stageId: row.cellStageId,
      completion: row.id ? completionOf(row) : null,
    }));
  }
}

export function completionOf(row: Record<string, any>): CompletionRow {
  return {
    id: row.id,
    stageId: row.stageId,
    schoolId: row.schoolId,
    state: row.state,
    documentNumber: row.documentNumber,
    documentDate: row.documentDate,
    note: row.note,
    link: row.link,
    completedBy: row.completedBy,
    completedAt: row.completedAt,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    reviewComment: row.reviewComment,
    version: row.version,
  };
}
