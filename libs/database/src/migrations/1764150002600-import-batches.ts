import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls, scopeExpression } from '../tenancy/rls-policy';

/**
 * Imports run as jobs (issues 16, 17). The request validates a file and records its rows as a batch
 * (`import_batches`, the job's payload names only the batch); the job hashes passwords and writes
 * the rows, marking the batch DONE in the same transaction (a redelivered job finds it DONE).
 * Passwords the job generated wait in `import_credentials`, sealed (AES-256-GCM), for the one user
 * who asked: only that user reads or deletes the row (taken once), the job inserts it within its
 * district's scope, and the platform (SYSTEM) sweeps rows past `expires_at`.
 */
export class ImportBatches1764150002600 implements MigrationInterface {
  name = 'ImportBatches1764150002600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE import_batches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind varchar(16) NOT NULL CHECK (kind IN ('SCHOOLS', 'ENROLLMENT')),
      region_id uuid NOT NULL REFERENCES regions(id),
      district_id uuid NOT NULL REFERENCES districts(id),
      requested_by uuid NOT NULL REFERENCES users(id),
      requested_role varchar(32) NOT NULL,
      file_name varchar(300) NOT NULL,
      job_run_id uuid NOT NULL,
      -- Validated rows; a password from the file is kept sealed, and every row is cleared once the batch is DONE.
      rows jsonb NOT NULL,
      state varchar(16) NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DONE')),
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
    await q.query(`CREATE INDEX import_batches_district_idx ON import_batches (district_id, created_at DESC)`);
    await q.query(`CREATE UNIQUE INDEX import_batches_job_key ON import_batches (job_run_id)`);
    for (const s of enableTenantRls('import_batches', { region: 'region_id', district: 'district_id' })) await q.query(s);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON import_batches TO ${APP_ROLE}`);

    await q.query(`CREATE TABLE import_credentials (
      batch_id uuid PRIMARY KEY REFERENCES import_batches(id) ON DELETE CASCADE,
      job_run_id uuid NOT NULL,
      region_id uuid NOT NULL REFERENCES regions(id),
      district_id uuid NOT NULL REFERENCES districts(id),
      requested_by uuid NOT NULL REFERENCES users(id),
      sealed text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX import_credentials_job_idx ON import_credentials (job_run_id)`);
    await q.query(`CREATE INDEX import_credentials_expiry_idx ON import_credentials (expires_at)`);
    const owner = `(app_role() = 'SYSTEM' OR requested_by = app_user_id())`;
    await q.query(`ALTER TABLE import_credentials ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE import_credentials FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY import_credentials_read ON import_credentials FOR SELECT USING ${owner}`);
    await q.query(
      `CREATE POLICY import_credentials_insert ON import_credentials FOR INSERT WITH CHECK ${scopeExpression({ region: 'region_id', district: 'district_id' })}`,
    );
    await q.query(`CREATE POLICY import_credentials_delete ON import_credentials FOR DELETE USING ${owner}`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON import_credentials TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const p of ['read', 'insert', 'delete']) await q.query(`DROP POLICY IF EXISTS import_credentials_${p} ON import_credentials`);
    for (const s of dropTenantRls('import_batches')) await q.query(s);
    await q.query(`DROP TABLE IF EXISTS import_credentials, import_batches`);
  }
}
