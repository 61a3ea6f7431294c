import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, dropTenantRls, enableTenantRls } from '../tenancy/rls-policy';

/**
 * The job outbox: a job is a row here before it is a message in the queue, written in the same
 * transaction as the change that asks for it. A lost queue delays work; the reconciler re-queues
 * every row not yet finished.
 */
export class JobRuns1764150000200 implements MigrationInterface {
  name = 'JobRuns1764150000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE job_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name varchar(100) NOT NULL,
      queue varchar(100) NOT NULL,
      payload jsonb NOT NULL,
      dedup_key varchar(300),
      region_id uuid,
      district_id uuid,
      school_id uuid,
      state varchar(16) NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
      progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      attempts integer NOT NULL DEFAULT 0,
      error text,
      result jsonb,
      requested_by uuid,
      run_after timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`);
    // One queued run per trigger key: repeated triggers join it. A trigger while a run is RUNNING
    // queues a new one, since the running one may have read the data before the change.
    await q.query(`CREATE UNIQUE INDEX job_runs_dedup_queued_key ON job_runs (dedup_key) WHERE state = 'QUEUED' AND dedup_key IS NOT NULL`);
    await q.query(`CREATE INDEX job_runs_pending_idx ON job_runs (updated_at) WHERE state IN ('QUEUED', 'RUNNING')`);
    await q.query(`CREATE INDEX job_runs_district_idx ON job_runs (district_id, created_at DESC)`);
    await q.query(`CREATE INDEX job_runs_region_idx ON job_runs (region_id, created_at DESC)`);
    await q.query(`CREATE INDEX job_runs_school_idx ON job_runs (school_id, created_at DESC)`);
    for (const s of enableTenantRls('job_runs', { region: 'region_id', district: 'district_id', school: 'school_id' })) await q.query(s);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON job_runs TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const s of dropTenantRls('job_runs')) await q.query(s);
    await q.query(`DROP TABLE IF EXISTS job_runs`);
  }
}
