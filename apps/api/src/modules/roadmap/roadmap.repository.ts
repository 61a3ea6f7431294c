import { Injectable } from '@nestjs/common';
import { currentTx } from '@mm/database';
import type { RoadmapStageDraft } from '@mm/domain';
import {
  COMPLETION_COLUMNS,
  ROADMAP_COLUMNS,
  STAGE_COLUMNS,
  type CompletionRow,
  type MatrixCellRow,
  type RoadmapRow,
  type StageRow,
} from '@mm/roadmap';

export type { CompletionRow, MatrixCellRow, RoadmapRow, StageRow };

/** Where a stage sits: enough for the scope checks before any tenant query runs. */
export interface StageRef {
  id: string;
  roadmapId: string;
  regionId: string;
  districtId: string;
  schoolYear: number;
  code: string;
  evidenceRequired: boolean;
}

export interface StageTally {
  stageId: string;
  done: number;
  rejected: number;
}

export interface CompletionEvidence {
  documentNumber: string | null;
  documentDate: string | null;
  note: string | null;
  link: string | null;
}

export interface StagePatch {
  title?: string;
  description?: string;
  deadline?: string;
  evidenceRequired?: boolean;
}

/**
 * SQL of roadmaps, stages and completions (the matrix's reads, shared with the worker's export,
 * are RoadmapMatrixReader's). Every method runs in the transaction of the current operation.
 */
@Injectable()
export class RoadmapRepository {
  async insertRoadmap(roadmap: {
    regionId: string;
    districtId: string;
    schoolYear: number;
    title: string;
    userId: string;
  }): Promise<RoadmapRow> {
    const tx = currentTx();
    const rows = await tx.query<RoadmapRow>(
      `INSERT INTO roadmaps AS r (region_id, district_id, school_year, title, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${ROADMAP_COLUMNS}`,
      [roadmap.regionId, roadmap.districtId, roadmap.schoolYear, roadmap.title, roadmap.userId],
    );
    return rows[0]!;
  }

  /** All stages of a new roadmap in one statement. */
  async insertStages(roadmap: RoadmapRow, stages: readonly RoadmapStageDraft[], userId: string): Promise<StageRow[]> {
    const tx = currentTx();
    return tx.query<StageRow>(
      `INSERT INTO roadmap_stages AS s (roadmap_id, region_id, district_id, position, code, title, description, deadline, evidence_required, updated_by)
       SELECT $1, $2, $3, t.position, t.code, t.title, t.description, t.deadline, t.evidence_required, $4
         FROM unnest($5::smallint[], $6::varchar[], $7::varchar[], $8::text[], $9::date[], $10::boolean[])
              AS t(position, code, title, description, deadline, evidence_required)
       RETURNING ${STAGE_COLUMNS}`,
      [
        roadmap.id,
        roadmap.regionId,
        roadmap.districtId,
        userId,
        stages.map((s) => s.position),
        stages.map((s) => s.code),
        stages.map((s) => s.title),
        stages.map((s) => s.description),
        stages.map((s) => s.deadline),
        stages.map((s) => s.evidenceRequired),
      ],
    );
  }

  async findStage(stageId: string): Promise<StageRow | null> {
    const tx = currentTx();
    const rows = await tx.query<StageRow>(`SELECT ${STAGE_COLUMNS} FROM roadmap_stages s WHERE s.id = $1`, [stageId]);
    return rows[0] ?? null;
  }

  /** Locks the stage for an edit. */
  async lockStage(stageId: string): Promise<StageRow | null> {
    const tx = currentTx();
    const rows = await tx.query<StageRow>(`SELECT ${STAGE_COLUMNS} FROM roadmap_stages s WHERE s.id = $1 FOR UPDATE`, [stageId]);
    return rows[0] ?? null;
  }

  async updateStage(stageId: string, patch: StagePatch, userId: string): Promise<StageRow> {
    const tx = currentTx();
    const result = await tx.query(
      `UPDATE roadmap_stages AS s SET
         title = COALESCE($2, s.title),
         description = COALESCE($3, s.description),
         deadline = COALESCE($4::date, s.deadline),
         evidence_required = COALESCE($5, s.evidence_required),
         version = s.version + 1,
         updated_by = $6,
         updated_at = now()
       WHERE s.id = $1
       RETURNING ${STAGE_COLUMNS}`,
      [stageId, patch.title ?? null, patch.description ?? null, patch.deadline ?? null, patch.evidenceRequired ?? null, userId],
    );
    return (result as StageRow[])[0]!;
  }

  /**
   * A stage with what its completion needs, read in the actor's scope after the guard-side check
   * (ScopePolicy.place) has found where the stage is.
   */
  async findStageRef(stageId: string): Promise<StageRef | null> {
    const tx = currentTx();
    const rows = await tx.query<StageRef>(
      `SELECT s.id, s.roadmap_id AS "roadmapId", s.region_id AS "regionId", s.district_id AS "districtId", r.school_year AS "schoolYear",
              s.code, s.evidence_required AS "evidenceRequired"
         FROM roadmap_stages s JOIN roadmaps r ON r.id = s.roadmap_id
        WHERE s.id = $1`,
      [stageId],
    );
    return rows[0] ?? null;
  }

  async countActiveSchools(districtId: string): Promise<number> {
    const tx = currentTx();
    const rows = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM schools WHERE district_id = $1 AND active`, [districtId]);
    return rows[0]!.n;
  }

  /** Completions per stage of a roadmap, over the district's active schools; stages without any count 0. */
  async tallyStages(roadmapId: string, stageIds?: readonly string[]): Promise<StageTally[]> {
    const tx = currentTx();
    return tx.query<StageTally>(
      `SELECT s.id AS "stageId",
              count(c.id) FILTER (WHERE c.state = 'DONE')::int AS done,
              count(c.id) FILTER (WHERE c.state = 'REJECTED')::int AS rejected
         FROM roadmap_stages s
         LEFT JOIN (roadmap_stage_completions c JOIN schools sc ON sc.id = c.school_id AND sc.active)
           ON c.stage_id = s.id AND c.district_id = s.district_id AND sc.district_id = s.district_id
        WHERE s.roadmap_id = $1 AND ($2::uuid[] IS NULL OR s.id = ANY($2::uuid[]))
        GROUP BY s.id`,
      [roadmapId, stageIds ?? null],
    );
  }

  async schoolCompletions(roadmapId: string, schoolId: string): Promise<CompletionRow[]> {
    const tx = currentTx();
    return tx.query<CompletionRow>(
      `SELECT ${COMPLETION_COLUMNS}
         FROM roadmap_stage_completions c JOIN roadmap_stages s ON s.id = c.stage_id
        WHERE s.roadmap_id = $1 AND c.school_id = $2`,
      [roadmapId, schoolId],
    );
  }

  /** Locks the school's completion of the stage, if any. */
  async lockCompletion(stageId: string, schoolId: string): Promise<CompletionRow | null> {
    const tx = currentTx();
    const rows = await tx.query<CompletionRow>(
      `SELECT ${COMPLETION_COLUMNS} FROM roadmap_stage_completions c WHERE c.stage_id = $1 AND c.school_id = $2 FOR UPDATE`,
      [stageId, schoolId],
    );
    return rows[0] ?? null;
  }

  async insertCompletion(
    stage: Pick<StageRef, 'id' | 'regionId' | 'districtId'>,
    schoolId: string,
    evidence: CompletionEvidence,
    userId: string,
  ): Promise<CompletionRow> {
    const tx = currentTx();
    const rows = await tx.query<CompletionRow>(
      `INSERT INTO roadmap_stage_completions AS c
         (stage_id, region_id, district_id, school_id, state, document_number, document_date, note, link, completed_by)
       VALUES ($1, $2, $3, $4, 'DONE', $5, $6::date, $7, $8, $9)
       RETURNING ${COMPLETION_COLUMNS}`,
      [
        stage.id,
        stage.regionId,
        stage.districtId,
        schoolId,
        evidence.documentNumber,
        evidence.documentDate,
        evidence.note,
        evidence.link,
        userId,
      ],
    );
    return rows[0]!;
  }

  /** A rejected completion done again: new evidence, and the rejection is cleared (the audit log keeps it). */
  async recomplete(completionId: string, evidence: CompletionEvidence, userId: string): Promise<CompletionRow> {
    const tx = currentTx();
    const result = await tx.query(
      `UPDATE roadmap_stage_completions AS c SET
         state = 'DONE', document_number = $2, document_date = $3::date, note = $4, link = $5,
         completed_by = $6, completed_at = now(), reviewed_by = NULL, reviewed_at = NULL, review_comment = NULL,
         version = c.version + 1
       WHERE c.id = $1
       RETURNING ${COMPLETION_COLUMNS}`,
      [completionId, evidence.documentNumber, evidence.documentDate, evidence.note, evidence.link, userId],
    );
    return (result as CompletionRow[])[0]!;
  }

  async reject(completionId: string, comment: string, userId: string): Promise<CompletionRow> {
    const tx = currentTx();
    const result = await tx.query(
      `UPDATE roadmap_stage_completions AS c SET
         state = 'REJECTED', reviewed_by = $3, reviewed_at = now(), review_comment = $2, version = c.version + 1
       WHERE c.id = $1
       RETURNING ${COMPLETION_COLUMNS}`,
      [completionId, comment, userId],
    );
    return (result as CompletionRow[])[0]!;
  }

  /**
   * Per school, the stages of its district's roadmap for the school year that are behind schedule
   * on `today`: not done and past the deadline (a rejected completion counts; see isBehindSchedule
   * in @mm/domain). One query for a whole batch of schools; schools without any are absent.
   */
  async behindScheduleBySchool(schoolIds: readonly string[], schoolYear: number, today: string): Promise<Map<string, number>> {
    const tx = currentTx();
    const rows = await tx.query<{ schoolId: string; n: number }>(
      `SELECT sc.id AS "schoolId", count(*)::int AS n
         FROM schools sc
         JOIN roadmaps r ON r.district_id = sc.district_id AND r.school_year = $2
         JOIN roadmap_stages s ON s.roadmap_id = r.id AND s.deadline < $3::date
         LEFT JOIN roadmap_stage_completions c ON c.stage_id = s.id AND c.school_id = sc.id
        WHERE sc.id = ANY($1::uuid[]) AND c.state IS DISTINCT FROM 'DONE'
        GROUP BY sc.id`,
      [schoolIds, schoolYear, today],
    );
    return new Map(rows.map((r) => [r.schoolId, r.n]));
  }
}
