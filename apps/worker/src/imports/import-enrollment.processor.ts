import { Injectable } from '@nestjs/common';
import { AuditLogService, TenantDatabase } from '@mm/database';
import { ImportBatch, ImportBatchRepository, type EnrollmentBatchRow, importAuditPlace } from '@mm/imports';
import { EnrollmentRepository } from '@mm/planning';
import { JobName, scopeOfJob, type ImportBatchPayload } from '@mm/queue';
import { JobContext, JobHandler } from '../jobs/job-handler.decorator';

export interface EnrollmentImportJobResult {
  batchId: string;
  rowCount: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped?: boolean;
}

/**
 * The IMPORT_ENROLLMENT job: writes a validated batch's enrollment in one transaction with its
 * audit row and the batch's DONE mark, under the batch's row lock (a redelivery writes nothing).
 * The stored values are read again under lock, so the audit's old values are the ones replaced.
 */
@Injectable()
export class ImportEnrollmentProcessor {
  constructor(
    private readonly db: TenantDatabase,
    private readonly batches: ImportBatchRepository,
    private readonly audit: AuditLogService,
    private readonly enrollments: EnrollmentRepository,
  ) {}

  @JobHandler(JobName.IMPORT_ENROLLMENT)
  async run(payload: ImportBatchPayload, context: JobContext): Promise<EnrollmentImportJobResult> {
    const scope = scopeOfJob(payload.scope);
    await context.progress(5);
    const result = await this.db.transaction(scope, async () => {
      const batch = await this.batches.lock<EnrollmentBatchRow>(payload.batchId);
      if (!batch) throw new Error(`Import batch ${payload.batchId} is not visible to its job`);
      if (batch.state === 'DONE') return { ...doneResult(batch), skipped: true };

      const stored = await this.enrollments.findPairs(batch.rows, { lock: true });
      const storedByKey = new Map(stored.map((row) => [`${row.schoolId}:${row.year}`, row]));
      const changes = batch.rows.flatMap((row) => {
        const before = storedByKey.get(`${row.schoolId}:${row.year}`);
        if (before && before.students === row.students && before.mentorBase === row.mentorBase) return [];
        return [{ row, before: before ?? null }];
      });
      await this.enrollments.upsertMany(
        changes.map((c) => c.row),
        batch.requestedBy,
      );
      const inserted = changes.filter((c) => c.before === null).length;
      const counts = {
        rowCount: batch.rows.length,
        inserted,
        updated: changes.length - inserted,
        unchanged: batch.rows.length - changes.length,
      };
      await this.audit.record({
        ...importAuditPlace(batch),
        operation: 'enrollment.import',
        targetType: 'District',
        targetIds: [batch.districtId],
        details: {
          fileName: batch.fileName,
          ...counts,
          jobRunId: context.run.id,
          changes: changes.map(({ row, before }) => ({
            schoolId: row.schoolId,
            schoolCode: row.schoolCode,
            year: row.year,
            old: before ? { students: before.students, mentorBase: before.mentorBase } : null,
            new: { students: row.students, mentorBase: row.mentorBase },
          })),
        },
      });
      await this.batches.markDone(batch.id, counts);
      return { batchId: batch.id, ...counts };
    });
    await context.progress(100);
    return result;
  }
}

function doneResult(batch: ImportBatch): EnrollmentImportJobResult {
  const r = batch.result ?? {};
  return { batchId: batch.id, rowCount: r.rowCount ?? 0, inserted: r.inserted ?? 0, updated: r.updated ?? 0, unchanged: r.unchanged ?? 0 };
}
