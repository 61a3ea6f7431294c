import { Injectable } from '@nestjs/common';
import { Role } from '@mm/database';
import { AuditLogService } from '../../engine/audit/audit-log.service';
import { hashPassword } from '../../engine/auth/password-hasher';
import { readTabularFile, TabularFileError, TabularRow } from '../../engine/import/tabular-file.reader';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { generatePassword } from './account-policy';
import { OrganisationException, OrganisationExceptionCode } from './organisation.exception';
import { ImportSchoolsInput } from './organisation.inputs';
import { OrganisationRepository } from './organisation.repository';
import { writeAs } from './organisation.service';
import { ImportedCredentialType, SchoolImportResultType } from './organisation.types';
import { ImportRow, parseImportTable, validateImportRows } from './school-import.rows';
import { UserAccountRepository } from './user-account.repository';

/** scrypt runs on libuv's thread pool (4 threads by default): more at once only queue up. */
const HASH_CONCURRENCY = 4;

/**
 * Bulk creation of a district's schools and their curator accounts from the CSV/XLSX the district
 * keeps. Every row is validated first (dry run or not); a real run creates all rows in one
 * transaction, or nothing when any row is invalid.
 */
@Injectable()
export class SchoolImportService {
  constructor(
    private readonly policy: ScopePolicy,
    private readonly schools: OrganisationRepository,
    private readonly users: UserAccountRepository,
    private readonly audit: AuditLogService,
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
    // address taken outside the scope makes the real run fail as a whole (unique index), unnamed.
    const existingEmails = await this.users.existingEmails(emails);
    const errors = [...parsed.errors, ...validateImportRows(parsed.rows, { codes: new Set(existingCodes), emails: new Set(existingEmails) }, parsed.missingColumns)];
    const curatorRows = parsed.rows.filter((r) => r.curatorEmail !== null);
    const result: SchoolImportResultType = {
      dryRun: input.dryRun,
      imported: false,
      rowCount: parsed.rows.length,
      curatorCount: curatorRows.length,
      schoolsCreated: 0,
      curatorsCreated: 0,
      errors: errors.sort((a, b) => a.line - b.line),
      credentials: [],
    };
    if (input.dryRun || errors.length > 0) return result;

    const credentials: ImportedCredentialType[] = [];
    const passwords = curatorRows.map((row) => {
      if (row.curatorPassword !== null) return row.curatorPassword;
      const password = generatePassword();
      credentials.push({ line: row.line, schoolCode: row.code, email: row.curatorEmail!, password });
      return password;
    });
    const hashes = await hashAll(passwords);

    const created = await writeAs(async () => {
      const schools = await this.schools.insertSchools(
        parsed.rows.map((row) => ({ regionId: district.regionId, districtId: district.id, code: row.code, name: row.name, inn: row.inn })),
      );
      const schoolByCode = new Map(schools.map((s) => [s.code, s]));
      const accounts = await this.users.insertUsers(
        curatorRows.map((row: ImportRow, i) => ({
          role: Role.SCHOOL_CURATOR,
          regionId: district.regionId,
          districtId: district.id,
          schoolId: schoolByCode.get(row.code)!.id,
          email: row.curatorEmail!,
          passwordHash: hashes[i]!,
          displayName: row.curatorName,
        })),
      );
      await this.audit.record({
        operation: 'importSchools',
        targetType: 'School',
        targetIds: schools.map((s) => s.id),
        regionId: district.regionId,
        districtId: district.id,
        details: {
          fileName: input.fileName,
          rows: parsed.rows.length,
          schoolsCreated: schools.length,
          curatorsCreated: accounts.length,
          curatorIds: accounts.map((a) => a.id),
        },
      });
      return { schools: schools.length, curators: accounts.length };
    });
    return { ...result, imported: true, schoolsCreated: created.schools, curatorsCreated: created.curators, credentials };
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
    if (table.length === 0) throw OrganisationException.invalid('contentBase64', 'the file has no data rows', OrganisationExceptionCode.UNREADABLE_FILE);
    return table;
  }
}

async function hashAll(passwords: readonly string[]): Promise<string[]> {
  const hashes: string[] = new Array(passwords.length);
  let next = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      hashes[i] = await hashPassword(passwords[i]!, { initial: true });
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, passwords.length) }, worker));
  return hashes;
}
