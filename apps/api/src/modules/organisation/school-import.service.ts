import { Injectable } from '@nestjs/common';
import type { SchoolBatchRow } from '@mm/imports';
import { readTabularFile, TabularFileError, TabularRow } from '../../engine/import/tabular-file.reader';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { JobType } from '../jobs/job.types';
import { ImportBatchService } from '../imports/import-batch.service';
import { OrganisationException, OrganisationExceptionCode } from './organisation.exception';
import { ImportSchoolsInput } from './organisation.inputs';
import { OrganisationRepository } from './organisation.repository';
import { SchoolImportResultType } from './organisation.types';
import { ImportRow, parseImportTable, validateImportRows } from './school-import.rows';
import { UserAccountRepository } from './user-account.repository';

/**
 * Bulk creation of a district's schools and their curator accounts from the CSV/XLSX the district
 * keeps. Every row is validated here (dry run or not): a dry run answers the row errors; a real run
 * with any refuses the file (nothing stored), and one without records the rows as a batch whose job
 * (apps/worker/src/imports) hashes the passwords and creates every school and account in one
 * transaction, reporting progress.
 */
@Injectable()
export class SchoolImportService {
  constructor(
    private readonly policy: ScopePolicy,
    private readonly schools: OrganisationRepository,
    private readonly users: UserAccountRepository,
    private readonly batches: ImportBatchService,
  ) {}

  async importSchools(input: ImportSchoolsInput): Promise<SchoolImportResultType> {
    const district = await this.policy.district(input.districtId, 'districtId');
    const table = await this.read(input);
    const parsed = parseImportTable(table);
    const codes = [...new Set(parsed.rows.map((r) => r.code).filter(Boolean))];
    const emails = [...new Set(parsed.rows.map((r) => r.curatorEmail).filter((e): e is string => e !== null))];
    const existingCodes = await this.schools.existingSchoolCodes(district.id, codes);
    // Per row, only accounts the caller may see are reported (RLS: the actor's scope): a file of
    // 5 000 addresses must not tell which of them have an account anywhere on the platform. An
    // address taken outside the scope fails the real run's job as a whole (IMPORT_EMAIL_TAKEN), unnamed.
    const existingEmails = await this.users.existingEmails(emails);
    const errors = [
      ...parsed.errors,
      ...validateImportRows(parsed.rows, { codes: new Set(existingCodes), emails: new Set(existingEmails) }, parsed.missingColumns),
    ];
    const curatorRows = parsed.rows.filter((r) => r.curatorEmail !== null);
    const result: SchoolImportResultType = {
      dryRun: input.dryRun,
      imported: false,
      rowCount: parsed.rows.length,
      curatorCount: curatorRows.length,
      schoolsCreated: 0,
      curatorsCreated: 0,
      errors: errors.sort((a, b) => a.line - b.line),
      job: null,
    };
    if (input.dryRun) return result;

    if (errors.length > 0) {
      const shown = result.errors.slice(0, 20).map((e) => `line ${e.line}, ${e.field}: ${e.message}`);
      throw new OrganisationException(
        OrganisationExceptionCode.IMPORT_ROWS_INVALID,
        `Nothing was imported: ${errors.length} error(s) in ${input.fileName}: ${shown.join('; ')}${errors.length > shown.length ? '; …' : ''}`,
        [{ field: 'contentBase64', message: `${errors.length} row error(s), see rowErrors` }],
        { rowErrors: result.errors },
      );
    }

    // The slow part (hashing every password at full cost, the writes) runs as a job; a password
    // from the file waits in the batch sealed, never in clear.
    const { batchId, seal } = this.batches.sealer();
    const rows: SchoolBatchRow[] = parsed.rows.map((row: ImportRow) => ({
      line: row.line,
      code: row.code,
      name: row.name,
      inn: row.inn,
      curatorEmail: row.curatorEmail,
      curatorName: row.curatorName,
      sealedPassword: row.curatorEmail !== null && row.curatorPassword !== null ? seal(row.curatorPassword) : null,
    }));
    const run = await this.batches.record({
      batchId,
      kind: 'SCHOOLS',
      regionId: district.regionId,
      districtId: district.id,
      fileName: input.fileName,
      rows,
    });
    return { ...result, job: JobType.of(run) };
  }

  private async read(input: ImportSchoolsInput): Promise<TabularRow[]> {
    let table: TabularRow[];
    try {
      table = await readTabularFile(input.fileName, Buffer.from(input.contentBase64, 'base64'));
    } catch (error) {
      if (error instanceof TabularFileError) {
        throw OrganisationException.invalid('contentBase64', error.message, OrganisationExceptionCode.UNREADABLE_FILE);
      }
      throw error;
    }
    if (table.length === 0)
      throw OrganisationException.invalid('contentBase64', 'the file has no data rows', OrganisationExceptionCode.UNREADABLE_FILE);
    return table;
  }
}
