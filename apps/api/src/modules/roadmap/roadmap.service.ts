import { Injectable } from '@nestjs/common';
import { AuditLogService, TenantDatabase, TenantTransaction } from '@mm/database';
import {
  defaultRoadmapTitle,
  isCalendarDate,
  isWithinSchoolYear,
  romanNumeral,
  schoolYearBounds,
  schoolYearLabel,
  stageCounts,
  stageState,
  shiftedTemplateStages,
  templateStages,
  type RoadmapStageDraft,
  type StageCounts,
} from '@mm/domain';
import { currentActor } from '../../engine/auth/actor';
import { FieldProblem } from '../../engine/errors';
import { canSeeDistrict, ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { Clock } from './clock';
import { RoadmapException, RoadmapExceptionCode, translateRoadmapDatabaseError } from './roadmap.exception';
import {
  CompleteRoadmapStageInput,
  PublishRoadmapInput,
  RejectRoadmapStageInput,
  RoadmapStageInput,
  UpdateRoadmapStageInput,
} from './roadmap.inputs';
import { RoadmapMatrixReader } from '@mm/roadmap';
import { CompletionRow, MatrixCellRow, RoadmapRepository, RoadmapRow, StagePatch, StageRef, StageRow } from './roadmap.repository';
import {
  Roadmap,
  RoadmapMatrix,
  RoadmapMatrixRow,
  RoadmapSchool,
  RoadmapStage,
  RoadmapStageCompletion,
  RoadmapStageCounts,
  RoadmapStageState,
  SchoolRoadmap,
  SchoolRoadmapStage,
} from './roadmap.types';

/**
 * Roadmaps (DESIGN §7): the district publishes and edits stages and reviews the schools'
 * completions; a school's curator completes stages with evidence. Scope is checked first
 * (ScopePolicy), then each mutation runs in one transaction in the actor's scope with its audit row.
 * States are computed against Clock.today(), read once per request.
 */
@Injectable()
export class RoadmapService {
  // The matrix's reads, shared with the worker's ROADMAP_MATRIX export.
  private readonly reads = new RoadmapMatrixReader();

  constructor(
    private readonly db: TenantDatabase,
    private readonly scope: ScopePolicy,
    private readonly repo: RoadmapRepository,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async publish(input: PublishRoadmapInput): Promise<Roadmap> {
    const actor = currentActor();
    const district = await this.scope.district(input.districtId);
    const today = this.clock.today();
    const shift = input.shiftFromToday === true;
    if (shift && input.stages) {
      throw RoadmapException.invalid([
        { field: 'shiftFromToday', message: "shiftFromToday applies to the template only; give the stages' own deadlines instead" },
      ]);
    }
    if (shift && today > schoolYearBounds(input.schoolYear).end) {
      throw RoadmapException.invalid([
        {
          field: 'shiftFromToday',
          message: `the school year ${schoolYearLabel(input.schoolYear)} is over; nothing can be shifted into it`,
        },
      ]);
    }
    const drafts = input.stages
      ? customStages(input.stages, input.schoolYear)
      : shift
        ? shiftedTemplateStages(input.schoolYear, today)
        : templateStages(input.schoolYear);
    const title = input.title ?? defaultRoadmapTitle(input.schoolYear);
    return this.write({ schoolYear: input.schoolYear }, async () => {
      if (await this.reads.findRoadmap(district.id, input.schoolYear)) throw RoadmapException.alreadyPublished(input.schoolYear);
      const roadmap = await this.repo.insertRoadmap({
        regionId: district.regionId,
        districtId: district.id,
        schoolYear: input.schoolYear,
        title,
        userId: actor.userId,
      });
      const stages = await this.repo.insertStages(roadmap, drafts, actor.userId);
      await this.audit.record({
        operation: 'publishRoadmap',
        targetType: 'Roadmap',
        targetIds: [roadmap.id],
        regionId: roadmap.regionId,
        districtId: roadmap.districtId,
        details: {
          schoolYear: roadmap.schoolYear,
          title,
          fromTemplate: !input.stages,
          shiftedFrom: shift ? today : null,
          stages: stages.map((s) => ({
            id: s.id,
            code: s.code,
            title: s.title,
            deadline: s.deadline,
            evidenceRequired: s.evidenceRequired,
          })),
        },
      });
      return this.roadmapView(roadmap, today);
    });
  }

  async updateStage(input: UpdateRoadmapStageInput): Promise<RoadmapStage> {
    const actor = currentActor();
    const ref = await this.stageRef(input.stageId, (districtId, regionId) => {
      if (!canSeeDistrict(actor, { id: districtId, regionId })) {
        throw RoadmapException.outOfScope('The stage belongs to a roadmap outside your scope', 'stageId');
      }
    });
    const patch: StagePatch = {};
    if (input.title != null) patch.title = input.title;
    if (input.description != null) patch.description = input.description;
    if (input.deadline != null) patch.deadline = input.deadline;
    if (input.evidenceRequired != null) patch.evidenceRequired = input.evidenceRequired;
    if (Object.keys(patch).length === 0) {
      throw RoadmapException.invalid([{ field: 'input', message: 'give at least one of title, description, deadline, evidenceRequired' }]);
    }
    if (patch.deadline !== undefined) {
      const problem = deadlineProblem(patch.deadline, ref.schoolYear, 'deadline');
      if (problem) throw RoadmapException.invalid([problem]);
    }
    const today = this.clock.today();
    return this.write({}, async () => {
      const before = await this.repo.lockStage(ref.id);
      if (!before) throw RoadmapException.stageNotFound();
      if (before.version !== input.expectedVersion) throw RoadmapException.staleVersion('stage', before.version);
      const after = await this.repo.updateStage(ref.id, patch, actor.userId);
      const changes = Object.fromEntries(
        (Object.keys(patch) as (keyof StagePatch)[])
          .filter((key) => before[key] !== after[key])
          .map((key) => [key, { from: before[key], to: after[key] }]),
      );
      await this.audit.record({
        operation: 'updateRoadmapStage',
        targetType: 'RoadmapStage',
        targetIds: [after.id],
        regionId: after.regionId,
        districtId: after.districtId,
        details: { roadmapId: after.roadmapId, code: after.code, version: after.version, changes },
      });
      const [tally] = await this.repo.tallyStages(after.roadmapId, [after.id]);
      const schools = await this.repo.countActiveSchools(after.districtId);
      return stageView(
        after,
        countsOf(stageCounts({ deadline: after.deadline, today, schools, done: tally?.done ?? 0, rejected: tally?.rejected ?? 0 })),
      );
    });
  }

  async complete(input: CompleteRoadmapStageInput): Promise<SchoolRoadmapStage> {
    const actor = currentActor();
    const school = await this.scope.school(input.schoolId);
    const ref = await this.stageRef(input.stageId, (districtId) => {
      if (districtId !== school.districtId) throw RoadmapException.outOfScope("The stage belongs to another district's roadmap", 'stageId');
    });
    const today = this.clock.today();
    const evidence = {
      documentNumber: input.documentNumber ?? null,
      documentDate: input.documentDate ?? null,
      note: input.note ?? null,
      link: input.link ?? null,
    };
    if (evidence.documentDate !== null) {
      if (!isCalendarDate(evidence.documentDate))
        throw RoadmapException.invalid([{ field: 'documentDate', message: 'documentDate must be a real calendar date' }]);
      if (evidence.documentDate > today)
        throw RoadmapException.invalid([{ field: 'documentDate', message: `documentDate must not be later than today (${today})` }]);
    }
    return this.write({}, async () => {
      const stage = await this.repo.findStage(ref.id);
      if (!stage) throw RoadmapException.stageNotFound();
      if (stage.evidenceRequired) {
        const missing: FieldProblem[] = [];
        if (!evidence.documentNumber)
          missing.push({
            field: 'documentNumber',
            message: 'documentNumber is required: this stage needs a document as evidence',
            rule: 'EVIDENCE_REQUIRED',
          });
        if (!evidence.documentDate)
          missing.push({
            field: 'documentDate',
            message: 'documentDate is required: this stage needs a document as evidence',
            rule: 'EVIDENCE_REQUIRED',
          });
        if (missing.length) throw RoadmapException.invalid(missing, RoadmapExceptionCode.EVIDENCE_REQUIRED);
      }
      const existing = await this.repo.lockCompletion(stage.id, school.id);
      if (existing?.state === 'DONE') {
        throw new RoadmapException(
          RoadmapExceptionCode.ALREADY_DONE,
          `Stage ${stage.code} is already marked done for this school; the district can reject it if the evidence needs correcting`,
        );
      }
      const completion = existing
        ? await this.repo.recomplete(existing.id, evidence, actor.userId)
        : await this.repo.insertCompletion(stage, school.id, evidence, actor.userId);
      // The note and link are free text: the audit row says whether they were given, not what they say.
      await this.audit.record({
        operation: 'completeRoadmapStage',
        targetType: 'RoadmapStageCompletion',
        targetIds: [completion.id],
        regionId: stage.regionId,
        districtId: stage.districtId,
        schoolId: school.id,
        details: {
          stageId: stage.id,
          code: stage.code,
          schoolYear: ref.schoolYear,
          documentNumber: evidence.documentNumber,
          documentDate: evidence.documentDate,
          hasNote: evidence.note !== null,
          hasLink: evidence.link !== null,
          afterRejection: existing !== null,
          version: completion.version,
        },
      });
      return schoolStageView(stage, completion, today);
    });
  }

  async reject(input: RejectRoadmapStageInput): Promise<SchoolRoadmapStage> {
    const actor = currentActor();
    const school = await this.scope.school(input.schoolId);
    const ref = await this.stageRef(input.stageId, (districtId) => {
      if (districtId !== school.districtId) throw RoadmapException.outOfScope("The stage belongs to another district's roadmap", 'stageId');
    });
    const today = this.clock.today();
    return this.write({}, async () => {
      const stage = await this.repo.findStage(ref.id);
      if (!stage) throw RoadmapException.stageNotFound();
      const existing = await this.repo.lockCompletion(stage.id, school.id);
      if (!existing || existing.state !== 'DONE') {
        const message = existing
          ? `Stage ${stage.code} is already rejected for this school; it waits for the school to complete it again`
          : `Stage ${stage.code} is not marked done by this school: there is nothing to reject`;
        throw new RoadmapException(RoadmapExceptionCode.NOT_COMPLETED, message);
      }
      if (input.expectedVersion != null && input.expectedVersion !== existing.version) {
        throw RoadmapException.staleVersion('completion', existing.version);
      }
      const completion = await this.repo.reject(existing.id, input.comment, actor.userId);
      await this.audit.record({
        operation: 'rejectRoadmapStage',
        targetType: 'RoadmapStageCompletion',
        targetIds: [completion.id],
        regionId: stage.regionId,
        districtId: stage.districtId,
        schoolId: school.id,
        details: {
          stageId: stage.id,
          code: stage.code,
          schoolYear: ref.schoolYear,
          comment: input.comment,
          rejectedDocumentNumber: existing.documentNumber,
          rejectedDocumentDate: existing.documentDate,
          version: completion.version,
        },
      });
      return schoolStageView(stage, completion, today);
    });
  }

  /** The district's roadmap with per-stage counts over its active schools; null when none is published. */
  async roadmap(districtId: string, schoolYear: number): Promise<Roadmap | null> {
    const district = await this.scope.district(districtId);
    const today = this.clock.today();
    const roadmap = await this.reads.findRoadmap(district.id, schoolYear);
    return roadmap ? this.roadmapView(roadmap, today) : null;
  }

  /** Schools × stages with states and dates, from one query over the cells. */
  async matrix(districtId: string, schoolYear: number): Promise<RoadmapMatrix | null> {
    const district = await this.scope.district(districtId);
    const today = this.clock.today();
    const roadmap = await this.reads.findRoadmap(district.id, schoolYear);
    if (!roadmap) return null;
    const stages = await this.reads.listStages(roadmap.id);
    const cells = await this.reads.matrixCells(roadmap);
    return buildMatrix(roadmap, stages, cells, today);
  }

  /** A school's own stages with their states; null when its district has no roadmap for the year. */
  async schoolRoadmap(schoolId: string, schoolYear: number): Promise<SchoolRoadmap | null> {
    const school = await this.scope.school(schoolId);
    const today = this.clock.today();
    const roadmap = await this.reads.findRoadmap(school.districtId, schoolYear);
    if (!roadmap) return null;
    const stages = await this.reads.listStages(roadmap.id);
    const completions = new Map((await this.repo.schoolCompletions(roadmap.id, school.id)).map((c) => [c.stageId, c]));
    const views = stages.map((stage) => schoolStageView(stage, completions.get(stage.id) ?? null, today));
    return {
      roadmapId: roadmap.id,
      schoolYear: roadmap.schoolYear,
      title: roadmap.title,
      asOf: today,
      school: { id: school.id, code: school.code, name: school.name },
      stages: views,
      summary: tallyStates(views.map((v) => v.state)),
    };
  }

  private async roadmapView(roadmap: RoadmapRow, today: string): Promise<Roadmap> {
    const stages = await this.reads.listStages(roadmap.id);
    const tallies = new Map((await this.repo.tallyStages(roadmap.id)).map((t) => [t.stageId, t]));
    const schools = await this.repo.countActiveSchools(roadmap.districtId);
    return {
      ...roadmap,
      asOf: today,
      schoolCount: schools,
      stages: stages.map((stage) => {
        const tally = tallies.get(stage.id);
        return stageView(
          stage,
          countsOf(stageCounts({ deadline: stage.deadline, today, schools, done: tally?.done ?? 0, rejected: tally?.rejected ?? 0 })),
        );
      }),
    };
  }

  /**
   * Where a stage is: its place through `app_place_of` (NOT_FOUND for an unknown id), then — for a
   * caller whose scope reaches the district — the stage itself under RLS.
   */
  private async stageRef(stageId: string, inDistrict: (districtId: string, regionId: string) => void): Promise<StageRef> {
    const place = await this.scope.place('roadmap_stage', stageId);
    if (!place) throw RoadmapException.stageNotFound();
    inDistrict(place.districtId!, place.regionId);
    const ref = await this.repo.findStageRef(stageId);
    if (!ref) throw RoadmapException.stageNotFound();
    return ref;
  }

  /** One transaction in the actor's scope; database refusals become answers. */
  private async write<T>(context: { schoolYear?: number }, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    try {
      return await work(this.db.current);
    } catch (error) {
      throw translateRoadmapDatabaseError(error, context);
    }
  }
}

/** A district's own stages: defaults filled in, deadlines within the school year, codes unique; every problem at once. */
function customStages(stages: readonly RoadmapStageInput[], schoolYear: number): RoadmapStageDraft[] {
  const problems: FieldProblem[] = [];
  const codes = new Map<string, number>();
  const drafts = stages.map((stage, index) => {
    const draft: RoadmapStageDraft = {
      position: index + 1,
      code: stage.code ?? romanNumeral(index + 1),
      title: stage.title,
      description: stage.description ?? '',
      deadline: stage.deadline,
      evidenceRequired: stage.evidenceRequired,
    };
    const deadline = deadlineProblem(draft.deadline, schoolYear, `stages.${index}.deadline`);
    if (deadline) problems.push(deadline);
    const key = draft.code.toUpperCase();
    const first = codes.get(key);
    if (first !== undefined)
      problems.push({ field: `stages.${index}.code`, message: `code ${draft.code} is already used by stage ${first + 1}` });
    else codes.set(key, index);
    return draft;
  });
  if (problems.length) throw RoadmapException.invalid(problems);
  return drafts;
}

function deadlineProblem(deadline: string, schoolYear: number, field: string): FieldProblem | null {
  if (!isCalendarDate(deadline)) return { field, message: `${field} must be a real calendar date` };
  if (!isWithinSchoolYear(deadline, schoolYear)) {
    const { start, end } = schoolYearBounds(schoolYear);
    return { field, message: `${field} must fall within the school year ${schoolYearLabel(schoolYear)} (${start} – ${end})` };
  }
  return null;
}

function countsOf(counts: StageCounts): RoadmapStageCounts {
  return { ...counts, total: counts.done + counts.due + counts.overdue + counts.rejected };
}

function tallyStates(states: readonly RoadmapStageState[]): RoadmapStageCounts {
  const counts = { done: 0, due: 0, overdue: 0, rejected: 0 };
  for (const state of states) {
    if (state === RoadmapStageState.DONE) counts.done++;
    else if (state === RoadmapStageState.DUE) counts.due++;
    else if (state === RoadmapStageState.OVERDUE) counts.overdue++;
    else counts.rejected++;
  }
  return countsOf(counts);
}

function stateOf(stage: Pick<StageRow, 'deadline'>, completion: CompletionRow | null, today: string): RoadmapStageState {
  return stageState({ deadline: stage.deadline, completion, today }) as RoadmapStageState;
}

function stageView(stage: StageRow, counts: RoadmapStageCounts): RoadmapStage {
  return {
    id: stage.id,
    roadmapId: stage.roadmapId,
    position: stage.position,
    code: stage.code,
    title: stage.title,
    description: stage.description,
    deadline: stage.deadline,
    evidenceRequired: stage.evidenceRequired,
    version: stage.version,
    updatedAt: stage.updatedAt,
    counts,
  };
}

function completionView(completion: CompletionRow): RoadmapStageCompletion {
  return { ...completion } as RoadmapStageCompletion;
}

function schoolStageView(stage: StageRow, completion: CompletionRow | null, today: string): SchoolRoadmapStage {
  return {
    stageId: stage.id,
    position: stage.position,
    code: stage.code,
    title: stage.title,
    description: stage.description,
    deadline: stage.deadline,
    evidenceRequired: stage.evidenceRequired,
    state: stateOf(stage, completion, today),
    completion: completion ? completionView(completion) : null,
  };
}

/** Rows in the order of the cells (schools by code), cells in stage order; counts from the same cells. */
function buildMatrix(roadmap: RoadmapRow, stages: readonly StageRow[], cells: readonly MatrixCellRow[], today: string): RoadmapMatrix {
  const stageById = new Map(stages.map((s) => [s.id, s]));
  const rows = new Map<string, { school: RoadmapSchool; cells: RoadmapMatrix['rows'][number]['cells'] }>();
  const statesByStage = new Map<string, RoadmapStageState[]>(stages.map((s) => [s.id, []]));
  for (const cell of cells) {
    const stage = stageById.get(cell.stageId)!;
    const state = stateOf(stage, cell.completion, today);
    statesByStage.get(stage.id)!.push(state);
    let row = rows.get(cell.schoolId);
    if (!row) rows.set(cell.schoolId, (row = { school: { id: cell.schoolId, code: cell.schoolCode, name: cell.schoolName }, cells: [] }));
    row.cells.push({
      stageId: stage.id,
      code: stage.code,
      deadline: stage.deadline,
      state,
      completion: cell.completion ? completionView(cell.completion) : null,
    });
  }
  const matrixRows: RoadmapMatrixRow[] = [...rows.values()].map((row) => ({ ...row, summary: tallyStates(row.cells.map((c) => c.state)) }));
  return {
    roadmap: {
      ...roadmap,
      asOf: today,
      schoolCount: matrixRows.length,
      stages: stages.map((stage) => stageView(stage, tallyStates(statesByStage.get(stage.id)!))),
    },
    rows: matrixRows,
  };
}
