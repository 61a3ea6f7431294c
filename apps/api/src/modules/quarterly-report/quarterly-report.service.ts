import { Injectable } from '@nestjs/common';
import {
  allowedActions as workflowActions,
  assertCommentProvided,
  canonicalFiguresHash,
  canPerformAction,
  FigureWarning,
  nextStatus,
  QUARTERLY_REPORT_CATALOGUE,
  QuarterlyReportAction,
  QuarterlyReportStatus,
  quarterlyReportCatalogue,
  ReportFigure,
  softWarnings,
  validateFigures,
  WorkflowError,
} from '@mm/domain';
import { monitoringDistrictKey } from '@mm/monitoring';
import { JobDispatcher, JobName, JobRun, JobRunRepository } from '@mm/queue';
import { AuditLogService } from '@mm/database';
import { Actor, currentActor } from '../../engine/auth/actor';
import { pgConstraint, pgErrorCode, PG_UNIQUE_VIOLATION } from '../../engine/errors';
import { ScopePolicy, SchoolRef } from '../../engine/tenancy/scope-policy.service';
import { IDEMPOTENCY_KEY_CONSTRAINT, IdempotencyKeyRepository, StoredResponse } from './idempotency-key.repository';
import { QuarterlyReportException, QuarterlyReportExceptionCode } from './quarterly-report.exception';
import { figureChanges, FigureMap, toFigureList, toFigureMap } from './quarterly-report.figures';
import { ReportDecisionArgs, SaveQuarterlyReportInput, SubmitReportArgs } from './quarterly-report.inputs';
import { PeriodKey, QuarterlyReportRepository, ReportRow, ReportState, reviveDates } from './quarterly-report.repository';
import { CatalogueModel, DistrictReportModel, QuarterlyReportModel, SchoolReportStatus, WarningModel } from './quarterly-report.types';
import { deadlinePassed } from './reporting-period.dates';
import { ReportingPeriodService } from './reporting-period.service';
import { RegistryService } from '../registry/registry.service';

const SAVE_OPERATION = 'saveQuarterlyReport';

type Decision = typeof QuarterlyReportAction.APPROVE | typeof QuarterlyReportAction.RETURN | typeof QuarterlyReportAction.REOPEN;

/**
 * The quarterly report workflow (DESIGN §5). Every change runs in one transaction scoped to the
 * actor: the report row moves only from the version the caller read (UPDATE … WHERE version),
 * and the revision, the audit row, the idempotency record and the monitoring trigger commit with it.
 *
 * Decisions:
 * * State conflicts are CONFLICT: an action the status does not allow (an approved report is
 *   read-only), a missing or stale expectedVersion, a closed period, a reused idempotency key.
 *   Conflicts carry `currentVersion` (and `currentStatus`) in the error's extensions.
 * * Creating needs no expectedVersion; sending one for a report that does not exist is a stale
 *   read (CONFLICT). Two simultaneous creates: one wins, the other gets CONFLICT with the new
 *   version — it never saw the winner's figures, so turning it into an update would lose them.
 * * Every save is a revision, even one that changes no figure (the school pressed "save").
 * * Soft warnings compare with the previous quarter of the same year only when that report is
 *   SUBMITTED or APPROVED: a draft (or a report returned for correction) is not a statement of
 *   the school yet. The submit's own comment must explain them.
 * * `comment` on the report is the latest comment given with any change; each revision keeps its own.
 * * Only saves take an idempotency key (the contract); submit/approve/return/reopen are made safe
 *   to retry by expectedVersion: a retry of one that succeeded gets CONFLICT and writes nothing.
 */
@Injectable()
export class QuarterlyReportService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly reports: QuarterlyReportRepository,
    private readonly idempotency: IdempotencyKeyRepository,
    private readonly periods: ReportingPeriodService,
    private readonly audit: AuditLogService,
    private readonly jobs: JobRunRepository,
    private readonly dispatcher: JobDispatcher,
    private readonly registry: RegistryService,
  ) {}

  catalogue(version?: number | null): CatalogueModel {
    const catalogue = version == null ? QUARTERLY_REPORT_CATALOGUE : quarterlyReportCatalogue(version);
    if (!catalogue) {
      throw new QuarterlyReportException(QuarterlyReportExceptionCode.CATALOGUE_NOT_FOUND, `There is no catalogue version ${version}`, [
        { field: 'version', message: `unknown catalogue version ${version}` },
      ]);
    }
    return {
      version: catalogue.version,
      sections: catalogue.sections.map((s) => ({ code: s.code, labelRu: s.labelRu })),
      elements: catalogue.elements.map((e) => ({
        code: e.code,
        labelRu: e.labelRu,
        section: e.section,
        required: e.required,
        measure: e.measure,
        form: e.form ?? null,
        source: e.source ?? null,
        category: e.category ?? null,
      })),
    };
  }

  async find(key: PeriodKey): Promise<QuarterlyReportModel | null> {
    await this.scope.school(key.schoolId);
    const row = await this.reports.findByPeriod(key);
    return row ? toModel(row) : null;
  }

  async listForSchool(schoolId: string, year: number | null): Promise<QuarterlyReportModel[]> {
    await this.scope.school(schoolId);
    const rows = await this.reports.listForSchool(schoolId, year);
    return rows.map((row) => toModel(row));
  }

  async listForDistrict(districtId: string, year: number, quarter: number): Promise<DistrictReportModel[]> {
    await this.scope.district(districtId);
    const rows = await this.reports.listForDistrict(districtId, year, quarter);
    return rows.map((row) => ({
      schoolId: row.schoolId,
      schoolCode: row.schoolCode,
      schoolName: row.schoolName,
      status: row.report?.status ?? SchoolReportStatus.MISSING,
      report: row.report ? toModel(row.report) : null,
    }));
  }

  /**
   * Creates the school's report for the quarter or replaces its figures (the whole form). With an
   * idempotency key, a repeat of the same request returns the first result and writes nothing.
   */
  async save(input: SaveQuarterlyReportInput): Promise<QuarterlyReportModel> {
    const actor = currentActor();
    const school = await this.scope.school(input.schoolId);
    this.assertAllowed(QuarterlyReportAction.SAVE, actor, school);
    const figures: ReportFigure[] = input.figures.map((f) => ({ code: f.code, value: f.value }));
    const errors = validateFigures(figures);
    if (errors.length) throw QuarterlyReportException.invalidFigures(errors);
    const comment = blankToNull(input.comment);
    const key = input.idempotencyKey ?? null;
    const requestHash = canonicalFiguresHash({ schoolId: school.id, year: input.year, quarter: input.quarter, figures, comment });

    try {
      if (key) {
        await this.idempotency.lock(actor.userId, key);
        const stored = await this.idempotency.find(actor.userId, key);
        if (stored) return replay(stored, SAVE_OPERATION, requestHash);
      }
      const saved = await this.saveInTransaction(actor, school, input, figures, comment);
      if (key) {
        await this.idempotency.insert({
          userId: actor.userId,
          key,
          operation: SAVE_OPERATION,
          requestHash,
          response: saved,
          regionId: school.regionId,
          districtId: school.districtId,
          schoolId: school.id,
        });
      }
      return saved;
    } catch (error) {
      // A fallback: the advisory lock already serialises requests with the same key. Should the
      // key's insert collide anyway, the other request committed first: answer with its result.
      if (key && pgErrorCode(error) === PG_UNIQUE_VIOLATION && pgConstraint(error) === IDEMPOTENCY_KEY_CONSTRAINT) {
        const stored = await this.idempotency.find(actor.userId, key);
        if (stored) return replay(stored, SAVE_OPERATION, requestHash);
      }
      throw error;
    }
  }

  async submit(args: SubmitReportArgs): Promise<QuarterlyReportModel> {
    const actor = currentActor();
    const school = await this.locate(args.id);
    this.assertAllowed(QuarterlyReportAction.SUBMIT, actor, school);
    const comment = blankToNull(args.comment);
    const current = await this.mustFind(args.id);
    const period = await this.periods.assertOpen(periodOf(current), current);
    const status = transition(current, QuarterlyReportAction.SUBMIT);
    assertVersion(current, args.expectedVersion);
    const figures = toFigureList(current.figures);
    const errors = validateFigures(figures, { requireComplete: true });
    if (errors.length) throw QuarterlyReportException.invalidFigures(errors);
    const warnings = await this.warningsFor(current, figures);
    assertComment(QuarterlyReportAction.SUBMIT, comment, warnings);
    const updated = await this.write(actor, current, args.expectedVersion, QuarterlyReportAction.SUBMIT, comment, {
      ...stateOf(current),
      status,
      comment: comment ?? current.comment,
      submittedAt: period.now,
      // Allowed after the deadline (until the period is closed), but flagged.
      submittedLate: deadlinePassed(period.deadline, period.today),
      approvedAt: null,
    });
    // Beside the soft rules, not among them: a difference from the registry needs no comment.
    return toModel(updated, [...warnings, ...(await this.registry.differences(current.schoolId, current.year, current.quarter, figures))]);
  }

  approve(id: string, expectedVersion: number): Promise<QuarterlyReportModel> {
    return this.decide(QuarterlyReportAction.APPROVE, id, expectedVersion, null);
  }

  returnToSchool(args: ReportDecisionArgs): Promise<QuarterlyReportModel> {
    return this.decide(QuarterlyReportAction.RETURN, args.id, args.expectedVersion, args.comment);
  }

  reopen(args: ReportDecisionArgs): Promise<QuarterlyReportModel> {
    return this.decide(QuarterlyReportAction.REOPEN, args.id, args.expectedVersion, args.comment);
  }

  /** Warnings of a report against the previous quarter's stated figures, for many reports at once. */
  async warningsOf(reports: readonly (PeriodKey & { figures: ReportFigure[] })[]): Promise<WarningModel[][]> {
    const keys = reports.filter((r) => r.quarter > 1).map(previousQuarter);
    const previous = keys.length ? await this.reports.findStatedFigures(keys) : [];
    const byKey = new Map(previous.map((p) => [periodKeyString(p), p.figures]));
    return reports.map((report) => {
      const before = report.quarter > 1 ? byKey.get(periodKeyString(previousQuarter(report))) : undefined;
      return warningModels(softWarnings(report.figures, before ? toFigureList(before) : null));
    });
  }

  /**
   * What the actor may do with the report now (none once its period is closed). Pure, and given
   * the actor: it answers a field resolver, which runs outside the operation's context.
   */
  allowedActions(
    actor: Actor,
    report: Pick<QuarterlyReportModel, 'status' | 'schoolId' | 'districtId' | 'periodClosed'>,
  ): QuarterlyReportAction[] {
    if (report.periodClosed) return [];
    return workflowActions(report.status).filter((action) =>
      canPerformAction(action, actorOf(actor), { schoolId: report.schoolId, districtId: report.districtId }),
    );
  }

  private async saveInTransaction(
    actor: Actor,
    school: SchoolRef,
    input: SaveQuarterlyReportInput,
    figures: ReportFigure[],
    comment: string | null,
  ): Promise<QuarterlyReportModel> {
    const key: PeriodKey = { schoolId: school.id, year: input.year, quarter: input.quarter };
    await this.periods.assertOpen(
      { regionId: school.regionId, year: input.year, quarter: input.quarter },
      { districtId: school.districtId, schoolId: school.id },
    );
    const current = await this.reports.findByPeriod(key);
    const map = toFigureMap(figures);
    let saved: ReportRow;
    if (!current) {
      const status = transition(null, QuarterlyReportAction.SAVE);
      if (input.expectedVersion != null) throw QuarterlyReportException.staleVersion(input.expectedVersion, null);
      const inserted = await this.reports.insert({
        regionId: school.regionId,
        districtId: school.districtId,
        schoolId: school.id,
        year: input.year,
        quarter: input.quarter,
        status,
        catalogueVersion: QUARTERLY_REPORT_CATALOGUE.version,
        figures: map,
        comment,
        userId: actor.userId,
      });
      if (!inserted) {
        // Another request created the report meanwhile: its figures were never seen by this
        // one, so writing over them would lose them. The client reloads and saves on top.
        const winner = await this.reports.findByPeriod(key);
        throw QuarterlyReportException.staleVersion(null, winner?.version ?? null, winner?.status);
      }
      saved = inserted;
      await this.record(actor, saved, QuarterlyReportAction.SAVE, figureChanges({}, map), comment);
    } else {
      const status = transition(current, QuarterlyReportAction.SAVE);
      const expectedVersion = assertVersion(current, input.expectedVersion);
      saved = await this.write(actor, current, expectedVersion, QuarterlyReportAction.SAVE, comment, {
        ...stateOf(current),
        status,
        catalogueVersion: QUARTERLY_REPORT_CATALOGUE.version,
        figures: map,
        comment: comment ?? current.comment,
      });
    }
    const warnings = await this.warningsFor(saved, figures);
    return toModel(saved, [...warnings, ...(await this.registry.differences(saved.schoolId, saved.year, saved.quarter, figures))]);
  }

  private async decide(action: Decision, id: string, expectedVersion: number, rawComment: string | null): Promise<QuarterlyReportModel> {
    const actor = currentActor();
    const comment = blankToNull(rawComment);
    assertComment(action, comment);
    const school = await this.locate(id);
    this.assertAllowed(action, actor, school);
    const current = await this.mustFind(id);
    const period = await this.periods.assertOpen(periodOf(current), current);
    const status = transition(current, action);
    assertVersion(current, expectedVersion);
    const updated = await this.write(actor, current, expectedVersion, action, comment, {
      ...stateOf(current),
      status,
      comment: comment ?? current.comment,
      approvedAt: action === QuarterlyReportAction.APPROVE ? period.now : null,
    });
    // The district's monitoring no longer matches its approved reports: recorded here, in the
    // same transaction, so the trigger cannot be lost; queued after commit.
    const scope = { regionId: current.regionId, districtId: current.districtId, schoolId: null };
    const run = await this.jobs.record({
      name: JobName.MONITORING_COMPUTE,
      payload: { scope, year: current.year, quarter: current.quarter },
      scope,
      dedupKey: monitoringDistrictKey(current.districtId, current.year, current.quarter),
      requestedBy: actor.userId,
      // No debounce: it runs at once. A burst of approvals joins the one run still queued (the
      // dedup key), and the worker runs a district's computations one after another.
    });
    await this.dispatch(run);
    return toModel(updated);
  }

  private async dispatch(run: JobRun): Promise<void> {
    // dispatch() logs and swallows queue failures: the run is in Postgres and the reconciler re-queues it.
    await this.dispatcher.dispatch(run);
  }

  /** Moves the report from `expectedVersion` to `state`, with its revision and audit row. */
  private async write(
    actor: Actor,
    current: ReportRow,
    expectedVersion: number,
    action: QuarterlyReportAction,
    comment: string | null,
    state: Omit<ReportState, 'userId'>,
  ): Promise<ReportRow> {
    const updated = await this.reports.update(current.id, expectedVersion, { ...state, userId: actor.userId });
    if (!updated) {
      const latest = await this.reports.findById(current.id);
      throw QuarterlyReportException.staleVersion(expectedVersion, latest?.version ?? null, latest?.status);
    }
    await this.record(actor, updated, action, figureChanges(current.figures, updated.figures), comment);
    return updated;
  }

  private async record(
    actor: Actor,
    report: ReportRow,
    action: QuarterlyReportAction,
    changes: ReturnType<typeof figureChanges>,
    comment: string | null,
  ): Promise<void> {
    await this.reports.insertRevision({ report, action, changes, comment, authorId: actor.userId, authorRole: actor.role });
    await this.audit.record({
      operation: `quarterlyReport.${action.toLowerCase()}`,
      targetType: 'quarterly_report',
      targetIds: [report.id],
      regionId: report.regionId,
      districtId: report.districtId,
      schoolId: report.schoolId,
      details: {
        action,
        version: report.version,
        status: report.status,
        year: report.year,
        quarter: report.quarter,
        changedFigures: changes.length,
      },
    });
  }

  private async warningsFor(report: Pick<ReportRow, 'schoolId' | 'year' | 'quarter'>, figures: ReportFigure[]): Promise<FigureWarning[]> {
    if (report.quarter === 1) return []; // year-to-date figures restart every January
    const [previous] = await this.reports.findStatedFigures([previousQuarter(report)]);
    return softWarnings(figures, previous ? toFigureList(previous.figures) : null);
  }

  /**
   * The school of a report id, for the scope check: `app_place_of` sees past RLS so that a report of
   * another school is FORBIDDEN rather than indistinguishable from an unknown id.
   */
  private async locate(id: string): Promise<SchoolRef> {
    const found = await this.scope.place('quarterly_report', id);
    if (!found) throw QuarterlyReportException.reportNotFound();
    return this.scope.schoolOf(found);
  }

  private async mustFind(id: string): Promise<ReportRow> {
    const report = await this.reports.findById(id);
    if (!report) throw QuarterlyReportException.reportNotFound();
    return report;
  }

  private assertAllowed(action: QuarterlyReportAction, actor: Actor, school: SchoolRef): void {
    if (canPerformAction(action, actorOf(actor), { schoolId: school.id, districtId: school.districtId })) return;
    const who =
      action === QuarterlyReportAction.SAVE || action === QuarterlyReportAction.SUBMIT
        ? "the school's curator or an admin"
        : "the coordinator of the school's district or an admin";
    throw QuarterlyReportException.notAllowed(`Only ${who} may ${action.toLowerCase()} this report`);
  }
}

function actorOf(actor: Actor) {
  return { role: actor.role, schoolId: actor.schoolId, districtId: actor.districtId };
}

function transition(current: Pick<ReportRow, 'status' | 'version'> | null, action: QuarterlyReportAction): QuarterlyReportStatus {
  try {
    return nextStatus(current?.status ?? null, action);
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    const message =
      current?.status === QuarterlyReportStatus.APPROVED && action === QuarterlyReportAction.SAVE
        ? 'The report is approved and read-only; the district may reopen it'
        : `Cannot ${action.toLowerCase()} a report in status ${current?.status ?? 'none'}`;
    throw QuarterlyReportException.invalidTransition(message, current?.status ?? null, current?.version ?? null);
  }
}

/** An existing report changes only from the version the caller read. */
function assertVersion(current: ReportRow, expected: number | null | undefined): number {
  if (expected == null) throw QuarterlyReportException.versionRequired(current.version);
  if (expected !== current.version) throw QuarterlyReportException.staleVersion(expected, current.version, current.status);
  return expected;
}

function assertComment(action: QuarterlyReportAction, comment: string | null, warnings: readonly FigureWarning[] = []): void {
  try {
    assertCommentProvided(action, comment, warnings);
  } catch (error) {
    if (error instanceof WorkflowError) throw QuarterlyReportException.commentRequired(error.message, warnings);
    throw error;
  }
}

function replay(stored: StoredResponse, operation: string, requestHash: string): QuarterlyReportModel {
  if (stored.operation !== operation || stored.requestHash !== requestHash) {
    throw new QuarterlyReportException(
      QuarterlyReportExceptionCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotency key was already used for a different request; use a new key for a new request',
      [{ field: 'idempotencyKey', message: 'already used for a different request' }],
    );
  }
  return reviveDates(stored.response as QuarterlyReportModel);
}

function stateOf(report: ReportRow): Omit<ReportState, 'userId'> {
  return {
    status: report.status,
    catalogueVersion: report.catalogueVersion,
    figures: report.figures,
    comment: report.comment,
    submittedAt: report.submittedAt,
    submittedLate: report.submittedLate,
    approvedAt: report.approvedAt,
  };
}

function periodOf(report: ReportRow) {
  return { regionId: report.regionId, year: report.year, quarter: report.quarter };
}

function previousQuarter(report: Pick<ReportRow, 'schoolId' | 'year' | 'quarter'>): PeriodKey {
  return { schoolId: report.schoolId, year: report.year, quarter: report.quarter - 1 };
}

function periodKeyString(key: PeriodKey): string {
  return `${key.schoolId}:${key.year}:${key.quarter}`;
}

function blankToNull(value: string | null | undefined): string | null {
  return value == null || value.trim() === '' ? null : value;
}

function warningModels(warnings: readonly WarningModel[]): WarningModel[] {
  return warnings.map((w) => ({
    code: w.code,
    rule: w.rule,
    message: w.message,
    ...(w.registryValue != null ? { registryValue: w.registryValue } : {}),
  }));
}

export function toModel(row: ReportRow, warnings?: readonly WarningModel[]): QuarterlyReportModel {
  return {
    id: row.id,
    schoolId: row.schoolId,
    districtId: row.districtId,
    regionId: row.regionId,
    year: row.year,
    quarter: row.quarter,
    status: row.status,
    version: row.version,
    catalogueVersion: row.catalogueVersion,
    figures: toFigureList(row.figures as FigureMap),
    comment: row.comment,
    submittedAt: row.submittedAt,
    submittedLate: row.submittedLate,
    approvedAt: row.approvedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    periodClosed: row.periodClosed,
    ...(warnings ? { warnings: warningModels(warnings) } : {}),
  };
}
