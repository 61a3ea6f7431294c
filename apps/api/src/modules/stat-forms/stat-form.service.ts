import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Environment } from '@mm/config';
import { AuditLogService, commitThenThrow, TenantDatabase, TenantTransaction } from '@mm/database';
import { DomainValidationError } from '@mm/domain';
import { TargetPlanLoader } from '@mm/planning';
import { RoadmapMatrixReader } from '@mm/roadmap';
import { JobDispatcher, JobName, JobRun, JobRunRepository, JobScope } from '@mm/queue';
import { FORM_CODES, FormCode, FormDefinition, listFormDefinitions, loadFormDefinition, ScopeKind } from '@mm/reporting';
import { currentActor } from '../../engine/auth/actor';
import { canSeeDistrict, canSeeRegion, ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { FieldProblem } from '../../engine/errors';
import {
  StatExportDataVersion,
  StatExportFiles,
  VerifiedExportFile,
  StatExportKey,
  StatExportRecord,
  StatExportRepository,
  asciiFileName,
  downloadFileName,
  downloadPath,
  isQuarterlyForm,
} from '@mm/stat-exports';
import { StatFormException, StatFormExceptionCode } from './stat-form.exception';
import {
  CSV_DELIMITER_CHAR,
  CsvDelimiter,
  ExportFormat,
  ExportStatFormInput,
  StatFormCode,
  StatFormExportsArgs,
  StatFormExportState,
  StatFormExportType,
  StatFormScopeKind,
  StatFormType,
} from './stat-form.types';

const DEFAULT_LIST_SIZE = 20;

/** A completed export opened for download after its file passed the integrity check. */
export interface ExportDownload {
  record: StatExportRecord;
  file: VerifiedExportFile;
  fileName: string;
  asciiFileName: string;
}

/**
 * Statistical form exports: a request is checked against the form and the caller's scope, then
 * either joins an export of the same form, scope, period, format and data version, or records a
 * new export and its job in one transaction (queued after commit). Downloads re-check scope,
 * expiry and the file's SHA-256.
 */
@Injectable()
export class StatFormService {
  private readonly files: StatExportFiles;
  private readonly roadmaps = new RoadmapMatrixReader();
  private readonly logger = new Logger('StatFormService');

  constructor(
    env: Environment,
    private readonly db: TenantDatabase,
    private readonly scope: ScopePolicy,
    private readonly audit: AuditLogService,
    private readonly jobs: JobRunRepository,
    private readonly dispatcher: JobDispatcher,
    private readonly exports: StatExportRepository,
    private readonly versions: StatExportDataVersion,
    private readonly plans: TargetPlanLoader,
  ) {
    this.files = new StatExportFiles(env.DATA_DIR);
  }

  /** Every definition in the forms folder (all versions), the latest of each code marked. */
  listForms(): StatFormType[] {
    const definitions = listFormDefinitions();
    const latest = new Map<string, number>();
    for (const d of definitions) latest.set(d.code, Math.max(latest.get(d.code) ?? 0, d.version));
    return definitions.map((d) => ({
      code: d.code as StatFormCode,
      version: d.version,
      latest: latest.get(d.code) === d.version,
      title: d.titleRu,
      description: d.descriptionRu ?? null,
      scopeKinds: (Object.keys(d.rowsPer) as ScopeKind[]).map((kind) => kind as StatFormScopeKind),
      quarterly: isQuarterlyForm(d.code),
    }));
  }

  async requestExport(input: ExportStatFormInput): Promise<StatFormExportType> {
    const actor = currentActor();
    const definition = this.definitionOf(input);
    const { scopeKind, regionId, districtId } = await this.resolveScope(input, definition);
    const quarterly = isQuarterlyForm(definition.code);
    const format = input.format;

    const tx = this.db.current;
    const toYear = definition.code === 'TARGET_PLAN' ? await this.lastPlanYear(tx, districtId!, input.year) : null;
    if (definition.code === 'ROADMAP_MATRIX') await this.requireRoadmap(tx, districtId!, input.year);
    const key: StatExportKey = {
      formCode: definition.code,
      formVersion: definition.version,
      scopeKind,
      regionId,
      districtId,
      year: input.year,
      toYear,
      quarter: quarterly ? input.quarter! : null,
      format,
      csvDelimiter: format === ExportFormat.CSV ? CSV_DELIMITER_CHAR[input.csvDelimiter ?? CsvDelimiter.SEMICOLON] : null,
    };
    // Two equal requests at once must not both miss the other's row: they take turns per key.
    await this.exports.lockKey(key);
    const dataVersion = await this.versions.compute(tx, key);
    const existing = await this.exports.findReusable(key, dataVersion);
    if (existing) {
      await this.recordAudit(existing, { deduplicated: true });
      return toType(existing);
    }
    const id = randomUUID();
    const jobScope: JobScope = {
      regionId,
      districtId,
      schoolId: null,
      ...(regionId === null && districtId === null ? { national: true } : {}),
    };
    const run = await this.jobs.record({
      name: JobName.STAT_FORM_EXPORT,
      payload: { scope: jobScope, exportId: id },
      scope: jobScope,
      requestedBy: actor.userId,
    });
    const age = await this.versions.snapshotAge(tx, key);
    const created = await this.exports.insert({
      ...key,
      id,
      dataVersion,
      jobRunId: run.id,
      requestedBy: actor.userId,
      snapshotComputedAt: age?.computedAt ?? null,
      snapshotStale: age?.stale ?? null,
    });
    await this.recordAudit(created, { deduplicated: false });
    await this.dispatch(run);
    return toType(created);
  }

  async findExport(id: string): Promise<StatFormExportType> {
    return toType(await this.locate(id));
  }

  async listExports(args: StatFormExportsArgs): Promise<StatFormExportType[]> {
    if (args.districtId) await this.scope.district(args.districtId);
    if (args.regionId) await this.scope.region(args.regionId);
    const rows = await this.exports.list({ districtId: args.districtId, regionId: args.regionId, limit: args.first ?? DEFAULT_LIST_SIZE });
    return rows.map(toType);
  }

  /**
   * A completed, unexpired export whose file still matches its SHA-256, opened for streaming.
   * A vanished file makes the export EXPIRED, an altered one FAILED (and it is removed): either way
   * a new exportStatForm request produces a fresh file.
   */
  async openDownload(id: string): Promise<ExportDownload> {
    const record = await this.locate(id);
    if (record.state === 'EXPIRED' || (record.state === 'COMPLETED' && record.expiresAt && record.expiresAt <= new Date())) {
      throw expired(record);
    }
    if (record.state !== 'COMPLETED' || !record.filePath || !record.sha256 || record.bytes === null) {
      const why =
        record.state === 'FAILED'
          ? `failed${record.error ? `: ${record.error}` : ''}`
          : `is ${record.state.toLowerCase()} (${record.progress} %)`;
      throw new StatFormException(StatFormExceptionCode.EXPORT_NOT_READY, `The export ${why}; no file to download`);
    }
    const verified = await this.files.openVerified(record.filePath, { sha256: record.sha256, bytes: record.bytes });
    if (!verified.ok) {
      const filePath = record.filePath;
      if (verified.reason === 'missing') {
        await this.exports.markUnavailable(record.id, 'EXPIRED', 'The file is no longer stored');
        throw commitThenThrow(expired(record)); // the record's new state stands although the call fails
      }
      await this.exports.markUnavailable(record.id, 'FAILED', 'FILE_INTEGRITY: the stored file failed its integrity check and was removed');
      this.logger.warn(`export ${record.id}: the stored file failed its integrity check (${verified.detail}) and was removed`);
      await this.files.remove(filePath);
      throw commitThenThrow(
        new StatFormException(
          StatFormExceptionCode.FILE_INTEGRITY,
          'The stored file does not match its SHA-256 and is not served; request the export again',
        ),
      );
    }
    const scopeCode = await this.exports.scopeCode(record);
    const period = { year: record.year, toYear: record.toYear, quarter: record.quarter };
    return {
      record,
      file: verified.file,
      fileName: downloadFileName(record.title ?? record.formCode, record.format),
      asciiFileName: asciiFileName(record.formCode, scopeCode ?? record.id, period, record.format),
    };
  }

  /** Guard first (NOT_FOUND, FORBIDDEN by the export's place), then the read under RLS. */
  private async locate(id: string): Promise<StatExportRecord> {
    const actor = currentActor();
    const place = await this.scope.place('stat_export', id);
    if (!place) throw StatFormException.notFound();
    const visible = place.districtId
      ? canSeeDistrict(actor, { id: place.districtId, regionId: place.regionId })
      : canSeeRegion(actor, place.regionId);
    if (!visible) throw StatFormException.outOfScope();
    const record = await this.exports.findById(id);
    if (!record) throw StatFormException.notFound();
    return record;
  }

  private definitionOf(input: ExportStatFormInput): FormDefinition {
    if (!(FORM_CODES as readonly string[]).includes(input.form)) throw StatFormException.invalid('form', `unknown form ${input.form}`);
    const code = input.form as FormCode;
    if (input.formVersion != null && !listFormDefinitions().some((d) => d.code === code && d.version === input.formVersion)) {
      throw StatFormException.invalid('formVersion', `${code} has no version ${input.formVersion}`);
    }
    return loadFormDefinition(code, input.formVersion ?? undefined);
  }

  /** Checks the input against the form (scope kind, quarter), then the caller's scope (NOT_FOUND / FORBIDDEN). */
  private async resolveScope(
    input: ExportStatFormInput,
    definition: FormDefinition,
  ): Promise<{ scopeKind: StatFormScopeKind; regionId: string; districtId: string | null }> {
    const problems: FieldProblem[] = [];
    const kinds = Object.keys(definition.rowsPer) as ScopeKind[];
    const describeKinds = kinds.map((k) => (k === 'DISTRICT' ? 'a district (districtId)' : 'a region (regionId)')).join(' or ');
    if (input.districtId && input.regionId) {
      problems.push({ field: 'regionId', message: 'give either districtId or regionId, not both' });
    } else if (!input.districtId && !input.regionId) {
      problems.push({
        field: kinds.includes('DISTRICT') ? 'districtId' : 'regionId',
        message: `${definition.code} is made for ${describeKinds}`,
      });
    } else {
      const kind: ScopeKind = input.districtId ? 'DISTRICT' : 'REGION';
      if (!kinds.includes(kind)) {
        problems.push({ field: input.districtId ? 'districtId' : 'regionId', message: `${definition.code} is made for ${describeKinds}` });
      }
    }
    if (isQuarterlyForm(definition.code) && (input.quarter === null || input.quarter === undefined)) {
      problems.push({ field: 'quarter', message: `${definition.code} is made for a quarter: give quarter 1–4` });
    }
    if (problems.length) throw StatFormException.invalidAll(problems);

    if (input.districtId) {
      const district = await this.scope.district(input.districtId);
      return { scopeKind: StatFormScopeKind.DISTRICT, regionId: district.regionId, districtId: district.id };
    }
    const region = await this.scope.region(input.regionId!);
    return { scopeKind: StatFormScopeKind.REGION, regionId: region.id, districtId: null };
  }

  /** The plan runs from `year` to the last year of the district's effective schedules, as districtTargetPlan computes it. */
  private async lastPlanYear(tx: TenantTransaction, districtId: string, year: number): Promise<number> {
    let plan;
    try {
      plan = await this.plans.districtPlan(districtId, { fromYear: year });
    } catch (error) {
      if (error instanceof DomainValidationError) throw StatFormException.invalid('year', error.message);
      throw error;
    }
    if (!plan) throw StatFormException.notFound('districtId');
    const scheduled = Object.values(plan.schedules).some((s) => s.schedule.points.some((p) => p.year >= year));
    if (!scheduled) throw StatFormException.invalid('year', `the district's target schedule has no year from ${year} on`);
    return plan.toYear;
  }

  /** A roadmap matrix is made only for a school year the district published a roadmap for. */
  private async requireRoadmap(tx: TenantTransaction, districtId: string, schoolYear: number): Promise<void> {
    if (!(await this.roadmaps.findRoadmap(districtId, schoolYear))) {
      throw StatFormException.invalid('year', `the district has no roadmap for the ${schoolYear}/${schoolYear + 1} school year`);
    }
  }

  private async recordAudit(record: StatExportRecord, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({
      operation: 'exportStatForm',
      targetType: 'StatFormExport',
      targetIds: [record.id],
      regionId: record.regionId,
      districtId: record.districtId,
      details: {
        form: record.formCode,
        formVersion: record.formVersion,
        year: record.year,
        toYear: record.toYear,
        quarter: record.quarter,
        format: record.format,
        dataVersion: record.dataVersion,
        ...details,
      },
    });
  }

  private async dispatch(run: JobRun): Promise<void> {
    // Logs and swallows queue failures: the run is in Postgres and the reconciler re-queues it.
    await this.dispatcher.dispatch(run);
  }
}

function expired(record: StatExportRecord): StatFormException {
  const when = record.expiresAt ? ` on ${record.expiresAt.toISOString()}` : '';
  return new StatFormException(
    StatFormExceptionCode.EXPORT_EXPIRED,
    `The export's file expired${when} and was removed; request it again with exportStatForm`,
  );
}

export function toType(record: StatExportRecord): StatFormExportType {
  const completed = record.state === 'COMPLETED';
  // An expired export still tells what it produced (to check a file downloaded earlier); only COMPLETED is downloadable.
  const produced = completed || (record.state === 'EXPIRED' && record.sha256 !== null);
  return {
    id: record.id,
    form: record.formCode as StatFormCode,
    formVersion: record.formVersion,
    scopeKind: record.scopeKind as StatFormScopeKind,
    regionId: record.regionId,
    districtId: record.districtId,
    year: record.year,
    toYear: record.toYear,
    quarter: record.quarter,
    format: record.format as ExportFormat,
    csvDelimiter: record.csvDelimiter === null ? null : record.csvDelimiter === ',' ? CsvDelimiter.COMMA : CsvDelimiter.SEMICOLON,
    state: record.state as StatFormExportState,
    progress: record.progress,
    dataVersion: record.dataVersion.trim(),
    title: record.title,
    sha256: produced ? (record.sha256?.trim() ?? null) : null,
    bytes: produced ? record.bytes : null,
    rows: produced ? record.rowCount : null,
    fileName: record.title ? downloadFileName(record.title, record.format) : null,
    snapshotComputedAt: record.snapshotComputedAt,
    snapshotStale: record.snapshotStale,
    downloadUrl: completed ? downloadPath(record.id) : null,
    error: record.error,
    createdAt: record.createdAt,
    completedAt: record.completedAt,
    expiresAt: record.expiresAt,
  };
}
