import { currentTx } from '@mm/database';

export type ImportKind = 'SCHOOLS' | 'ENROLLMENT';

/** How long generated passwords wait for the coordinator who ran the import. */
export const CREDENTIALS_TTL_MS = 24 * 3600 * 1000;

/** A validated row of a school import; a password from the file is sealed (see CredentialCipher). */
export interface SchoolBatchRow {
  line: number;
  code: string;
  name: string;
  inn: string | null;
  curatorEmail: string | null;
  curatorName: string | null;
  sealedPassword: string | null;
}

/** A validated row of an enrollment import, its school resolved. */
export interface EnrollmentBatchRow {
  line: number;
  schoolId: string;
  schoolCode: string;
  year: number;
  students: number;
  mentorBase: number | null;
}

export interface ImportBatch<Row = unknown> {
  id: string;
  kind: ImportKind;
  regionId: string;
  districtId: string;
  requestedBy: string;
  requestedRole: string;
  fileName: string;
  jobRunId: string;
  rows: Row[];
  state: 'PENDING' | 'DONE';
  result: Record<string, number> | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, kind, region_id AS "regionId", district_id AS "districtId", requested_by AS "requestedBy",
  requested_role AS "requestedRole", file_name AS "fileName", job_run_id AS "jobRunId", rows, state, result,
  created_at AS "createdAt", finished_at AS "finishedAt"`;

/** Import batches and the sealed credentials of their generated passwords; every call in the caller's scope. */
export class ImportBatchRepository {
  async insert(
    batch: Pick<
      ImportBatch,
      'id' | 'kind' | 'regionId' | 'districtId' | 'requestedBy' | 'requestedRole' | 'fileName' | 'jobRunId' | 'rows'
    >,
  ): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `INSERT INTO import_batches (id, kind, region_id, district_id, requested_by, requested_role, file_name, job_run_id, rows)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        batch.id,
        batch.kind,
        batch.regionId,
        batch.districtId,
        batch.requestedBy,
        batch.requestedRole,
        batch.fileName,
        batch.jobRunId,
        JSON.stringify(batch.rows),
      ],
    );
  }

  async find<Row>(id: string): Promise<ImportBatch<Row> | null> {
    const tx = currentTx();
    const rows = await tx.query<ImportBatch<Row>>(`SELECT ${COLUMNS} FROM import_batches WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByJob(jobRunId: string): Promise<ImportBatch | null> {
    const tx = currentTx();
    const rows = await tx.query<ImportBatch>(`SELECT ${COLUMNS} FROM import_batches WHERE job_run_id = $1`, [jobRunId]);
    return rows[0] ?? null;
  }

  /** The batch, locked until the caller's transaction ends: two deliveries of its job take turns. */
  async lock<Row>(id: string): Promise<ImportBatch<Row> | null> {
    const tx = currentTx();
    const rows = await tx.query<ImportBatch<Row>>(`SELECT ${COLUMNS} FROM import_batches WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** DONE with its counts; the rows (sealed passwords included) are not kept once written. */
  async markDone(id: string, result: Record<string, number>): Promise<void> {
    const tx = currentTx();
    await tx.query(`UPDATE import_batches SET state = 'DONE', rows = '[]'::jsonb, result = $2, finished_at = now() WHERE id = $1`, [
      id,
      JSON.stringify(result),
    ]);
  }

  async insertCredentials(entry: {
    batchId: string;
    jobRunId: string;
    regionId: string;
    districtId: string;
    requestedBy: string;
    sealed: string;
  }): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `INSERT INTO import_credentials (batch_id, job_run_id, region_id, district_id, requested_by, sealed, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::double precision / 1000))`,
      [entry.batchId, entry.jobRunId, entry.regionId, entry.districtId, entry.requestedBy, entry.sealed, CREDENTIALS_TTL_MS],
    );
  }

  /** Whether the caller has credentials of the job waiting (RLS: only the user who ran the import sees them). */
  async credentialsWaiting(jobRunId: string): Promise<boolean> {
    const tx = currentTx();
    const rows = await tx.query(`SELECT 1 FROM import_credentials WHERE job_run_id = $1 AND expires_at > now()`, [jobRunId]);
    return rows.length > 0;
  }

  /** Removes and returns the caller's credentials of the job: they can be taken once. */
  async takeCredentials(jobRunId: string): Promise<{ batchId: string; sealed: string; expiresAt: Date } | null> {
    const tx = currentTx();
    const rows = await tx.query<{ batchId: string; sealed: string; expiresAt: Date }>(
      `DELETE FROM import_credentials WHERE job_run_id = $1 RETURNING batch_id AS "batchId", sealed, expires_at AS "expiresAt"`,
      [jobRunId],
    );
    const row = rows[0];
    return row && row.expiresAt > new Date() ? row : null;
  }

  /** Clears the rows (sealed passwords included) of batches whose job failed for good; returns how many. */
  async clearFailedBatches(): Promise<number> {
    const tx = currentTx();
    const rows = await tx.query(
      `UPDATE import_batches b SET rows = '[]'::jsonb
        WHERE b.state = 'PENDING' AND b.rows <> '[]'::jsonb
          AND EXISTS (SELECT 1 FROM job_runs j WHERE j.id = b.job_run_id AND j.state = 'FAILED')
       RETURNING b.id`,
    );
    return rows.length;
  }

  /** Deletes credentials nobody took in time (the platform's sweep); returns how many. */
  async sweepExpiredCredentials(): Promise<number> {
    const tx = currentTx();
    const rows = await tx.query(`DELETE FROM import_credentials WHERE expires_at <= now() RETURNING batch_id`);
    return rows.length;
  }
}

/** Where an import's audit row belongs, and whose action it was: the person who asked, though the job writes it. */
export function importAuditPlace(batch: Pick<ImportBatch, 'requestedBy' | 'requestedRole' | 'regionId' | 'districtId'>) {
  return {
    regionId: batch.regionId,
    districtId: batch.districtId,
    onBehalfOf: { userId: batch.requestedBy, role: batch.requestedRole },
  };
}
