import { Injectable, Logger } from '@nestjs/common';
import { AuditLogService, Role, TenantDatabase, TenantTransaction } from '@mm/database';
import { CredentialCipher, ImportBatch, ImportBatchRepository, type SchoolBatchRow, importAuditPlace } from '@mm/imports';
import { JobFailure, JobName, scopeOfJob, type ImportBatchPayload } from '@mm/queue';
import { generatePassword, hashPassword, SCRYPT_CONCURRENCY } from '@mm/passwords';
import { JobContext, JobHandler } from '../jobs/job-handler.decorator';

/** What a school import's job records as its result (counts only: no password, no e-mail). */
export interface SchoolImportJobResult {
  batchId: string;
  rowCount: number;
  schoolsCreated: number;
  curatorsCreated: number;
  passwordsGenerated: number;
  skipped?: boolean;
}

/** A generated password as the coordinator takes it (sealed in import_credentials until then). */
interface GeneratedCredential {
  line: number;
  schoolCode: string;
  email: string;
  password: string;
}

// Progress: 0–5 batch read, 5–90 passwords hashed, 90–100 rows written.
const HASH_FROM = 5;
const HASH_TO = 90;
const PROGRESS_STEPS = 20;

/**
 * The IMPORT_SCHOOLS job: hashes every curator password of a validated batch at full cost (the
 * process-wide scrypt slots bound how many at once), then creates all schools and accounts, the
 * audit row, the sealed generated passwords and the batch's DONE mark in one transaction, under the
 * batch's row lock: a redelivered job (a crash after commit) finds the batch DONE and writes nothing.
 * A code or e-mail taken since the validation fails the job with a code and writes nothing.
 */
@Injectable()
export class ImportSchoolsProcessor {
  private readonly logger = new Logger(ImportSchoolsProcessor.name);

  constructor(
    private readonly db: TenantDatabase,
    private readonly batches: ImportBatchRepository,
    private readonly audit: AuditLogService,
    private readonly cipher: CredentialCipher,
  ) {}

  @JobHandler(JobName.IMPORT_SCHOOLS)
  async run(payload: ImportBatchPayload, context: JobContext): Promise<SchoolImportJobResult> {
    const scope = scopeOfJob(payload.scope);
    const batch = await this.db.transaction(scope, () => this.batches.find<SchoolBatchRow>(payload.batchId));
    if (!batch) throw new Error(`Import batch ${payload.batchId} is not visible to its job`);
    if (batch.state === 'DONE') return { ...doneResult(batch), skipped: true };
    await context.progress(HASH_FROM);

    const curators = batch.rows.filter((row) => row.curatorEmail !== null);
    const generated: GeneratedCredential[] = [];
    const passwords = curators.map((row) => {
      if (row.sealedPassword !== null) return this.cipher.open(row.sealedPassword, batch.id);
      const password = generatePassword();
      generated.push({ line: row.line, schoolCode: row.code, email: row.curatorEmail!, password });
      return password;
    });
    const hashes = await hashAll(passwords, (done) => context.progress(HASH_FROM + ((HASH_TO - HASH_FROM) * done) / passwords.length));
    await context.progress(HASH_TO);

    let result: SchoolImportJobResult;
    try {
      result = await this.db.transaction(scope, async (tx) => {
        const locked = await this.batches.lock<SchoolBatchRow>(batch.id);
        if (!locked) throw new Error(`Import batch ${batch.id} is not visible to its job`);
        // Another delivery wrote it meanwhile: keep that one.
        if (locked.state === 'DONE') return { ...doneResult(locked), skipped: true };
        return this.write(tx, locked, hashes, generated, context.run.id);
      });
    } catch (error) {
      throw takenMeanwhile(error) ?? error;
    }
    await context.progress(100);
    if (!result.skipped) this.logger.log(`import ${batch.id}: ${result.schoolsCreated} school(s), ${result.curatorsCreated} account(s)`);
    return result;
  }

  private async write(
    tx: TenantTransaction,
    batch: ImportBatch<SchoolBatchRow>,
    hashes: readonly string[],
    generated: readonly GeneratedCredential[],
    jobRunId: string,
  ): Promise<SchoolImportJobResult> {
    const schools = await tx.query<{ id: string; code: string }>(
      `INSERT INTO schools (region_id, district_id, code, name, inn)
       SELECT $1::uuid, $2::uuid, * FROM unnest($3::varchar[], $4::varchar[], $5::varchar[])
       RETURNING id, code`,
      [batch.regionId, batch.districtId, batch.rows.map((r) => r.code), batch.rows.map((r) => r.name), batch.rows.map((r) => r.inn)],
    );
    const schoolByCode = new Map(schools.map((s) => [s.code, s.id]));
    const curators = batch.rows.filter((row) => row.curatorEmail !== null);
    // A password set by someone else is replaced at the first login (must_change_password).
    const accounts = curators.length
      ? await tx.query<{ id: string }>(
          `INSERT INTO users (email, password_hash, role, display_name, region_id, district_id, school_id, must_change_password)
           SELECT i.email, i.hash, $1, i.name, $2::uuid, $3::uuid, i.school_id, true
             FROM unnest($4::varchar[], $5::varchar[], $6::varchar[], $7::uuid[]) AS i(email, hash, name, school_id)
           RETURNING id`,
          [
            Role.SCHOOL_CURATOR,
            batch.regionId,
            batch.districtId,
            curators.map((r) => r.curatorEmail!),
            [...hashes],
            curators.map((r) => r.curatorName),
            curators.map((r) => schoolByCode.get(r.code)!),
          ],
        )
      : [];
    await this.audit.record({
      ...importAuditPlace(batch),
      operation: 'importSchools',
      targetType: 'School',
      targetIds: schools.map((s) => s.id),
      details: {
        fileName: batch.fileName,
        rows: batch.rows.length,
        schoolsCreated: schools.length,
        curatorsCreated: accounts.length,
        curatorIds: accounts.map((a) => a.id),
        jobRunId,
      },
    });
    if (generated.length) {
      await this.batches.insertCredentials({
        batchId: batch.id,
        jobRunId,
        regionId: batch.regionId,
        districtId: batch.districtId,
        requestedBy: batch.requestedBy,
        sealed: this.cipher.seal(JSON.stringify(generated), batch.id),
      });
    }
    const result = {
      rowCount: batch.rows.length,
      schoolsCreated: schools.length,
      curatorsCreated: accounts.length,
      passwordsGenerated: generated.length,
    };
    await this.batches.markDone(batch.id, result);
    return { batchId: batch.id, ...result };
  }
}

function doneResult(batch: ImportBatch): SchoolImportJobResult {
  const r = batch.result ?? {};
  return {
    batchId: batch.id,
    rowCount: r.rowCount ?? 0,
    schoolsCreated: r.schoolsCreated ?? 0,
    curatorsCreated: r.curatorsCreated ?? 0,
    passwordsGenerated: r.passwordsGenerated ?? 0,
  };
}

/** A school code or an e-mail taken after the file was validated: the job fails with a code the web renders. */
function takenMeanwhile(error: unknown): JobFailure | null {
  const driver = ((error as { driverError?: unknown })?.driverError ?? error) as { code?: string; constraint?: string } | null;
  if (driver?.code !== '23505') return null;
  if (driver.constraint === 'schools_district_code_key')
    return new JobFailure('IMPORT_SCHOOL_CODE_TAKEN', 'A school code of the file was taken after validation; nothing was created', true);
  if (driver.constraint === 'users_email_key')
    return new JobFailure('IMPORT_EMAIL_TAKEN', 'An e-mail of the file was taken after validation; nothing was created', true);
  return null;
}

/** Hashes in file order, as many at once as the hasher's slots run, reporting about every 1/20. */
async function hashAll(passwords: readonly string[], progress: (done: number) => Promise<void>): Promise<string[]> {
  const hashes: string[] = new Array(passwords.length);
  const step = Math.max(1, Math.ceil(passwords.length / PROGRESS_STEPS));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      hashes[i] = await hashPassword(passwords[i]!);
      done += 1;
      if (done % step === 0 && done < passwords.length) await progress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SCRYPT_CONCURRENCY, passwords.length) }, worker));
  return hashes;
}
