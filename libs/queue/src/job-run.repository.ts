import { currentTx } from '@mm/database';
import { JobName, JobScope, JobState, JOB_QUEUE, JobPayloads } from './job-contracts';

export interface JobRun {
  id: string;
  name: JobName;
  queue: string;
  payload: any;
  dedupKey: string | null;
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
  state: JobState;
  progress: number;
  attempts: number;
  error: string | null;
  result: any;
  requestedBy: string | null;
  runAfter: Date;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, name, queue, payload, dedup_key AS "dedupKey", region_id AS "regionId", district_id AS "districtId",
  school_id AS "schoolId", state, progress, attempts, error, result, requested_by AS "requestedBy", run_after AS "runAfter",
  created_at AS "createdAt", updated_at AS "updatedAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

export interface NewJobRun<N extends JobName> {
  name: N;
  payload: JobPayloads[N];
  scope: JobScope;
  /** Triggers with the same key join one queued run. */
  dedupKey?: string;
  requestedBy?: string | null;
  /** Debounce: the run is not delivered before this many milliseconds. */
  delayMs?: number;
}

/** The outbox rows. Every call runs in the caller's scoped transaction. */
export class JobRunRepository {
  /** Records a run (or returns the queued one with the same dedup key). */
  async record<N extends JobName>(job: NewJobRun<N>): Promise<JobRun> {
    const tx = currentTx();
    const params = [
      job.name,
      JOB_QUEUE[job.name],
      JSON.stringify(job.payload),
      job.dedupKey ?? null,
      job.scope.regionId,
      job.scope.districtId,
      job.scope.schoolId,
      job.requestedBy ?? null,
      job.delayMs ?? 0,
    ];
    const inserted = await tx.query<JobRun>(
      `INSERT INTO job_runs (name, queue, payload, dedup_key, region_id, district_id, school_id, requested_by, run_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9::double precision / 1000))
       ON CONFLICT (dedup_key) WHERE state = 'QUEUED' AND dedup_key IS NOT NULL
       DO UPDATE SET run_after = GREATEST(job_runs.run_after, EXCLUDED.run_after), updated_at = now()
       RETURNING ${COLUMNS}`,
      params,
    );
    return inserted[0]!;
  }

  async findById(id: string): Promise<JobRun | null> {
    const tx = currentTx();
    const rows = await tx.query<JobRun>(`SELECT ${COLUMNS} FROM job_runs WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Recent runs visible to the transaction's scope (RLS decides which). */
  async listRecent(filter: { districtId?: string; regionId?: string; limit: number }): Promise<JobRun[]> {
    const tx = currentTx();
    return tx.query<JobRun>(
      `SELECT ${COLUMNS} FROM job_runs
        WHERE ($1::uuid IS NULL OR district_id = $1) AND ($2::uuid IS NULL OR region_id = $2)
        ORDER BY created_at DESC LIMIT $3`,
      [filter.districtId ?? null, filter.regionId ?? null, filter.limit],
    );
  }

  /** Claims a run for execution; null when it already finished (a redelivery must not run it twice). */
  async markRunning(id: string): Promise<JobRun | null> {
    const tx = currentTx();
    const rows = await tx.query<JobRun>(
      `UPDATE job_runs SET state = 'RUNNING', attempts = attempts + 1, started_at = now(), updated_at = now(), error = NULL
        WHERE id = $1 AND state IN ('QUEUED', 'RUNNING') RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async setProgress(id: string, progress: number): Promise<void> {
    const tx = currentTx();
    await tx.query(`UPDATE job_runs SET progress = $2, updated_at = now() WHERE id = $1 AND state = 'RUNNING'`, [
      id,
      Math.max(0, Math.min(100, Math.round(progress))),
    ]);
  }

  async markCompleted(id: string, result: unknown): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `UPDATE job_runs SET state = 'COMPLETED', progress = 100, result = $2, error = NULL, finished_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, JSON.stringify(result ?? null)],
    );
  }

  /** Records an attempt's error; `final` when no retry is left. */
  async markFailed(id: string, error: string, final: boolean): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `UPDATE job_runs SET error = $2, updated_at = now(),
          state = CASE WHEN $3 THEN 'FAILED' ELSE state END,
          finished_at = CASE WHEN $3 THEN now() ELSE finished_at END
        WHERE id = $1 AND state <> 'COMPLETED'`,
      [id, error.slice(0, 2000), final],
    );
  }

  /** Runs not finished and not touched for `staleMs`: candidates for re-delivery. */
  async findUnfinished(staleMs: number, limit = 1000): Promise<JobRun[]> {
    const tx = currentTx();
    return tx.query<JobRun>(
      `SELECT ${COLUMNS} FROM job_runs
        WHERE state IN ('QUEUED', 'RUNNING') AND updated_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY created_at LIMIT $2`,
      [staleMs, limit],
    );
  }

  async touch(ids: string[]): Promise<void> {
    const tx = currentTx();
    if (ids.length) await tx.query(`UPDATE job_runs SET updated_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
