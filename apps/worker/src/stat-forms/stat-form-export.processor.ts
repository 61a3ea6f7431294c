import { Injectable, Logger } from '@nestjs/common';
import { Environment } from '@mm/config';
import { TenantDatabase, TenantScope } from '@mm/database';
import { MonitoringComputation, type MonitoringScope } from '@mm/monitoring';
import { JobName, scopeOfJob, type StatFormExportPayload } from '@mm/queue';
import { loadFormDefinition, writeCsv, writeXlsx, type FormRow, type FormWriteResult } from '@mm/reporting';
import { StatExportDataVersion, StatExportFiles, StatExportRecord, StatExportRepository, isQuarterlyForm } from '@mm/stat-exports';
import { JobContext, JobHandler } from '../jobs/job-handler.decorator';
import { FormScope, StatFormRowSource } from './stat-form-rows';

/** How long a file is kept; a request after that produces a fresh one. */
export const EXPORT_FILE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface StatFormExportResult {
  exportId: string;
  state: string;
  sha256?: string;
  bytes?: number;
  rows?: number;
  skipped?: boolean;
}

// Progress: 0–5 claimed, 5–15 monitoring snapshot ensured, 15–95 rows written, 100 stored.
const ROWS_FROM = 15;
const ROWS_TO = 95;
const PROGRESS_STEPS = 20;

/**
 * The STAT_FORM_EXPORT job: builds the export's form from the same sources as the screens (the
 * plan loader; the monitoring snapshot, computed first through @mm/monitoring when the scope has
 * none for the quarter, so the form and the screen agree), streams it into a temporary file with
 * the reporting writers, renames it into place under DATA_DIR and records its SHA-256 — the rename
 * and the record under the row's lock, so a redelivered job rewrites the same file consistently.
 * Runs in the export's scope (scopeOfJob): RLS confines every read to it.
 */
@Injectable()
export class StatFormExportProcessor {
  private readonly logger = new Logger(StatFormExportProcessor.name);
  private readonly files: StatExportFiles;

  constructor(
    env: Environment,
    private readonly db: TenantDatabase,
    private readonly exports: StatExportRepository,
    private readonly versions: StatExportDataVersion,
    private readonly source: StatFormRowSource,
    private readonly monitoring: MonitoringComputation,
  ) {
    this.files = new StatExportFiles(env.DATA_DIR);
  }

  @JobHandler(JobName.STAT_FORM_EXPORT)
  async export(payload: StatFormExportPayload, context: JobContext): Promise<StatFormExportResult> {
    const scope = scopeOfJob(payload.scope);
    const record = await this.db.transaction(scope, () => this.exports.markRunning(payload.exportId));
    if (!record) {
      // A delivery of an export that already has its outcome (stored, expired, refused): nothing to do.
      const current = await this.db.transaction(scope, () => this.exports.findById(payload.exportId));
      if (!current) throw new Error(`Export ${payload.exportId} is not visible to its job`);
      return { exportId: current.id, state: current.storedState, skipped: true };
    }
    await context.progress(5);

    const definition = loadFormDefinition(record.formCode, record.formVersion);
    const formScope = formScopeOf(record);
    if (isQuarterlyForm(record.formCode)) await this.ensureSnapshot(scope, formScope, record, context.run.id);
    await context.progress(ROWS_FROM);

    const relativePath = this.files.relativePath(record.id, record.format);
    const temp = await this.files.createTemp(relativePath);
    let committed = false;
    try {
      // One snapshot for the fingerprint and every row: the recorded data version is what the file shows.
      const { written, title, dataVersion } = await this.db.transaction(
        scope,
        async (tx) => {
          const dataVersion = await this.versions.compute(tx, record);
          const content = await this.source.open(tx, {
            definition,
            scope: formScope,
            year: record.year,
            toYear: record.toYear,
            quarter: record.quarter,
            requestedAt: record.createdAt,
          });
          const rows = reportingProgress(content.rows, content.rowCount, context);
          const written: FormWriteResult =
            record.format === 'XLSX'
              ? await writeXlsx({
                  definition,
                  columns: content.columns,
                  title: content.title,
                  subtitle: content.subtitle,
                  rows,
                  totalRow: content.totalRow,
                  output: temp.stream,
                })
              : await writeCsv({
                  columns: content.columns,
                  rows,
                  totalRow: content.totalRow,
                  output: temp.stream,
                  delimiter: record.csvDelimiter ?? ';',
                });
          return { written, title: content.title, dataVersion };
        },
        'REPEATABLE READ',
      );

      const outcome = await this.db.transaction(scope, async () => {
        const locked = await this.exports.lock(record.id);
        // Another delivery stored it meanwhile (or it was refused): keep theirs.
        if (!locked || (locked.state !== 'QUEUED' && locked.state !== 'RUNNING')) return locked?.state ?? 'MISSING';
        await this.files.commit(temp.path, relativePath);
        committed = true;
        await this.exports.markCompleted(record.id, {
          title,
          sha256: written.sha256,
          bytes: written.bytes,
          rowCount: written.rows,
          filePath: relativePath,
          dataVersion,
          expiresAt: new Date(Date.now() + EXPORT_FILE_TTL_MS),
        });
        return 'COMPLETED';
      });
      if (outcome !== 'COMPLETED') return { exportId: record.id, state: outcome, skipped: true };
      this.logger.log(`export ${record.id} (${record.formCode} ${record.format}): ${written.rows} rows, ${written.bytes} bytes`);
      return { exportId: record.id, state: 'COMPLETED', sha256: written.sha256, bytes: written.bytes, rows: written.rows };
    } finally {
      if (!committed) await this.files.discard(temp.path).catch(() => undefined);
    }
  }

  /** Computes the scope's monitoring snapshot of the quarter when there is none, as the monitoring job would. */
  private async ensureSnapshot(scope: TenantScope, formScope: FormScope, record: StatExportRecord, jobRunId: string): Promise<void> {
    const quarter = record.quarter!;
    const existing = await this.db.transaction(scope, (tx) => this.source.snapshotOf(tx, formScope, record.year, quarter));
    if (existing) return;
    const monitoringScope: MonitoringScope =
      formScope.kind === 'DISTRICT'
        ? { kind: 'DISTRICT', regionId: formScope.regionId, districtId: formScope.districtId }
        : formScope.kind === 'REGION'
          ? { kind: 'REGION', regionId: formScope.regionId }
          : { kind: 'ALL' };
    this.logger.log(`export ${record.id}: no monitoring snapshot of ${record.year} Q${quarter} yet; computing it`);
    await this.db.transaction(scope, (tx) => this.monitoring.run(tx, { scope: monitoringScope, year: record.year, quarter, jobRunId }));
  }
}

export function formScopeOf(record: Pick<StatExportRecord, 'scopeKind' | 'regionId' | 'districtId'>): FormScope {
  return record.scopeKind === 'DISTRICT'
    ? { kind: 'DISTRICT', regionId: record.regionId, districtId: record.districtId! }
    : { kind: 'REGION', regionId: record.regionId };
}

/** Passes rows through, reporting progress about every 1/20 of the expected rows. */
async function* reportingProgress(rows: AsyncIterable<FormRow>, expected: number, context: JobContext): AsyncGenerator<FormRow> {
  const step = Math.max(1, Math.ceil(expected / PROGRESS_STEPS));
  let done = 0;
  for await (const row of rows) {
    yield row;
    done += 1;
    if (done % step === 0 && done < expected) await context.progress(ROWS_FROM + ((ROWS_TO - ROWS_FROM) * done) / expected);
  }
}
