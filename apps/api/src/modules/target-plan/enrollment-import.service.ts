import { Injectable } from '@nestjs/common';
import type { EnrollmentBatchRow } from '@mm/imports';
import { EnrollmentRepository, PlanScopeRepository } from '@mm/planning';
import { readTabularFile, TabularFileError, type TabularRow } from '../../engine/import/tabular-file.reader';
import { DistrictRef, ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { ImportBatchService } from '../imports/import-batch.service';
import { JobType } from '../jobs/job.types';
import { missingColumns, parseEnrollmentRows, type ImportRowError } from './enrollment-import.parser';
import { EnrollmentImportAction, EnrollmentImportResult, EnrollmentImportRow, ImportEnrollmentInput } from './enrollment.types';
import { TargetPlanException, TargetPlanExceptionCode } from './target-plan.exception';

/**
 * Enrollment of a whole district from a CSV/XLSX table. All or nothing: every row is checked
 * first; with any error nothing is stored. The real run records the rows as a batch whose job writes
 * them all in one statement with one audit row. Rows equal to what is stored are left alone.
 */
@Injectable()
export class EnrollmentImportService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly batches: ImportBatchService,
    private readonly enrollments: EnrollmentRepository,
    private readonly places: PlanScopeRepository,
  ) {}

  async importEnrollment(input: ImportEnrollmentInput): Promise<EnrollmentImportResult> {
    const district = await this.scope.district(input.districtId);
    const table = await readTable(input.fileName, input.contentBase64);
    const parsed = parseEnrollmentRows(table);

    const planned = await this.plan(input, district, parsed, table.length);
    if (input.dryRun) return planned;
    // The rows are written by the batch's job (apps/worker/src/imports), which compares them with
    // what is stored again under lock: what changed meanwhile is counted as it is then.
    const { batchId } = this.batches.sealer();
    const rows: EnrollmentBatchRow[] = planned.rows.map((row) => ({
      line: row.line,
      schoolId: row.schoolId,
      schoolCode: row.schoolCode,
      year: row.year,
      students: row.students,
      mentorBase: row.mentorBase,
    }));
    const run = await this.batches.record({
      batchId,
      kind: 'ENROLLMENT',
      regionId: district.regionId,
      districtId: district.id,
      fileName: input.fileName,
      rows,
    });
    return { ...planned, job: JobType.of(run) };
  }

  /** The dry run's answer: each row against the district's schools and what is stored; refused rows throw in a real run. */
  private async plan(
    input: ImportEnrollmentInput,
    district: DistrictRef,
    parsed: ReturnType<typeof parseEnrollmentRows>,
    rowCount: number,
  ): Promise<EnrollmentImportResult> {
    const codes = [...new Set(parsed.rows.map((row) => row.schoolCode))];
    const schools = new Map((await this.places.schoolsByCodes(district.id, codes)).map((s) => [s.code, s]));
    const errors: ImportRowError[] = [...parsed.errors];
    const known = parsed.rows.filter((row) => {
      if (schools.has(row.schoolCode)) return true;
      errors.push({
        line: row.line,
        field: 'school_code',
        message: `no school with code "${row.schoolCode}" in district ${district.code}`,
      });
      return false;
    });
    errors.sort((a, b) => a.line - b.line);

    const values = known.map((row) => ({ ...row, schoolId: schools.get(row.schoolCode)!.id }));
    const stored = await this.enrollments.findPairs(values);
    const storedByKey = new Map(stored.map((row) => [`${row.schoolId}:${row.year}`, row]));
    const rows: EnrollmentImportRow[] = values.map((row) => {
      const before = storedByKey.get(`${row.schoolId}:${row.year}`);
      const action = !before
        ? EnrollmentImportAction.INSERT
        : before.students === row.students && before.mentorBase === row.mentorBase
          ? EnrollmentImportAction.UNCHANGED
          : EnrollmentImportAction.UPDATE;
      return {
        line: row.line,
        schoolId: row.schoolId,
        schoolCode: row.schoolCode,
        year: row.year,
        students: row.students,
        mentorBase: row.mentorBase,
        previousStudents: before?.students ?? null,
        previousMentorBase: before?.mentorBase ?? null,
        action,
      };
    });
    const count = (action: EnrollmentImportAction) => rows.filter((row) => row.action === action).length;
    const result: EnrollmentImportResult = {
      dryRun: input.dryRun,
      applied: false,
      rowCount,
      inserted: count(EnrollmentImportAction.INSERT),
      updated: count(EnrollmentImportAction.UPDATE),
      unchanged: count(EnrollmentImportAction.UNCHANGED),
      errors,
      rows,
      job: null,
    };
    if (input.dryRun) return result;
    if (errors.length) {
      const shown = errors.slice(0, 20).map((e) => `line ${e.line}, ${e.field}: ${e.message}`);
      throw new TargetPlanException(
        TargetPlanExceptionCode.IMPORT_ROWS_INVALID,
        `Nothing was imported: ${errors.length} error(s) in ${input.fileName}: ${shown.join('; ')}${errors.length > shown.length ? '; …' : ''}`,
        [{ field: 'contentBase64', message: `${errors.length} row error(s), see rowErrors` }],
        { rowErrors: errors },
      );
    }

    return result;
  }
}
async function readTable(fileName: string, contentBase64: string): Promise<TabularRow[]> {
  let table: TabularRow[];
  try {
    table = await readTabularFile(fileName, Buffer.from(contentBase64, 'base64'));
  } catch (error) {
    if (error instanceof TabularFileError) throw TargetPlanException.invalidFile('contentBase64', error.message);
    throw error;
  }
  if (table.length === 0) throw TargetPlanException.invalidFile('contentBase64', 'the file has no data rows');
  const missing = missingColumns(table);
  if (missing.length) {
    throw TargetPlanException.invalidFile(
      'contentBase64',
      `the header lacks the column(s) ${missing.join(', ')} (expected school_code, year, students, mentor_base)`,
    );
  }
  return table;
}
