import { currentTx } from '@mm/database';

/**
 * The `stat_exports` rows. Shared by the API (requests, reads, downloads) and the worker (the export
 * job, the expiry sweep), so it depends on nothing but the transaction. Every call runs in the
 * caller's scoped transaction: RLS decides which rows exist for it.
 */

export type StatFormCodeValue = 'TARGET_PLAN' | 'MONITORING_SUMMARY' | 'FEDERAL_FORM' | 'ROADMAP_MATRIX';
export type StatExportScopeKind = 'DISTRICT' | 'REGION';
export type StatExportFormat = 'XLSX' | 'CSV';
export type CsvDelimiterChar = ';' | ',';
/** What a client sees: the job's state until the file is stored, then COMPLETED, later EXPIRED. */
export type StatExportState = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'EXPIRED';

/** What identifies an export's content apart from the data: form, layout version, scope, period, file format. */
export interface StatExportKey {
  formCode: StatFormCodeValue;
  formVersion: number;
  scopeKind: StatExportScopeKind;
  regionId: string;
  districtId: string | null;
  year: number;
  toYear: number | null;
  quarter: number | null;
  format: StatExportFormat;
  csvDelimiter: CsvDelimiterChar | null;
}

export interface StatExportRecord extends StatExportKey {
  id: string;
  dataVersion: string;
  /** Effective state (see StatExportState). */
  state: StatExportState;
  /** The row's own column, before the job's state is folded in. */
  storedState: StatExportState;
  jobRunId: string;
  progress: number;
  title: string | null;
  sha256: string | null;
  bytes: number | null;
  rowCount: number | null;
  /** Relative to DATA_DIR, e.g. `exports/<id>.xlsx`. */
  filePath: string | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  expiresAt: Date | null;
  expiredAt: Date | null;
  /** Monitoring forms: when the snapshot read was computed (null: none yet, or not a monitoring form). */
  snapshotComputedAt: Date | null;
  /** Monitoring forms: the plan or the quarter's reports changed after that snapshot (null: not a monitoring form). */
  snapshotStale: boolean | null;
}

export interface NewStatExport extends StatExportKey {
  id: string;
  dataVersion: string;
  jobRunId: string;
  requestedBy: string | null;
  snapshotComputedAt?: Date | null;
  snapshotStale?: boolean | null;
}

export interface CompletedStatExport {
  title: string;
  sha256: string;
  bytes: number;
  rowCount: number;
  filePath: string;
  /** The fingerprint of the data the file was built from (read in the same snapshot). */
  dataVersion: string;
  expiresAt: Date;
}

// The job's state counts until the export itself records the outcome (file stored, removed, or refused).
// A completed export past `expires_at` is EXPIRED even before the sweep removes its file.
const EFFECTIVE_STATE = `CASE WHEN e.state = 'COMPLETED' AND e.expires_at <= now() THEN 'EXPIRED'
  WHEN e.state IN ('COMPLETED', 'EXPIRED', 'FAILED') THEN e.state ELSE COALESCE(j.state, e.state) END`;

const COLUMNS = `e.id, e.form_code AS "formCode", e.form_version AS "formVersion", e.scope_kind AS "scopeKind",
  e.region_id AS "regionId", e.district_id AS "districtId", e.year, e.to_year AS "toYear", e.quarter, e.format,
  e.csv_delimiter AS "csvDelimiter", e.data_version AS "dataVersion", e.snapshot_computed_at AS "snapshotComputedAt", e.snapshot_stale AS "snapshotStale", ${EFFECTIVE_STATE} AS state, e.state AS "storedState",
  e.job_run_id AS "jobRunId", CASE WHEN e.state IN ('COMPLETED', 'EXPIRED') THEN 100 ELSE COALESCE(j.progress, 0) END AS progress,
  e.title, e.sha256, e.bytes::float8 AS bytes, e.row_count AS "rowCount", e.file_path AS "filePath",
  COALESCE(e.error, CASE WHEN e.state NOT IN ('COMPLETED', 'EXPIRED') THEN j.error END) AS error,
  e.requested_by AS "requestedBy", e.created_at AS "createdAt", e.started_at AS "startedAt", e.completed_at AS "completedAt",
  e.expires_at AS "expiresAt", e.expired_at AS "expiredAt"`;

const FROM = `stat_exports e LEFT JOIN job_runs j ON j.id = e.job_run_id`;

export class StatExportRepository {
  async insert(values: NewStatExport): Promise<StatExportRecord> {
    const tx = currentTx();
    await tx.query(
      `INSERT INTO stat_exports (id, region_id, district_id, scope_kind, form_code, form_version, year, to_year, quarter,
         format, csv_delimiter, data_version, job_run_id, requested_by, snapshot_computed_at, snapshot_stale)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        values.id,
        values.regionId,
        values.districtId,
        values.scopeKind,
        values.formCode,
        values.formVersion,
        values.year,
        values.toYear,
        values.quarter,
        values.format,
        values.csvDelimiter,
        values.dataVersion,
        values.jobRunId,
        values.requestedBy,
        values.snapshotComputedAt ?? null,
        values.snapshotStale ?? null,
      ],
    );
    return (await this.findById(values.id))!;
  }

  async findById(id: string): Promise<StatExportRecord | null> {
    const tx = currentTx();
    const rows = await tx.query<StatExportRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE e.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Where an export sits in the hierarchy (read as SYSTEM by the guard-side check). */
  async findPlace(id: string): Promise<{ regionId: string; districtId: string | null } | null> {
    const tx = currentTx();
    const rows = await tx.query<{ regionId: string; districtId: string | null }>(
      `SELECT region_id AS "regionId", district_id AS "districtId" FROM stat_exports WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Serialises requests for the same key until the transaction ends (a transaction-level advisory lock). */
  async lockKey(key: StatExportKey): Promise<void> {
    const tx = currentTx();
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`stat-export:${JSON.stringify(key)}`]);
  }

  /** The code of the export's district or region (for the ASCII download name). */
  async scopeCode(record: Pick<StatExportRecord, 'regionId' | 'districtId'>): Promise<string | null> {
    const tx = currentTx();
    const rows = await tx.query<{ code: string }>(
      record.districtId ? `SELECT code FROM districts WHERE id = $1` : `SELECT code FROM regions WHERE id = $1`,
      [record.districtId ?? record.regionId],
    );
    return rows[0]?.code ?? null;
  }

  /**
   * The newest export of the same key and data version that is queued, running, or completed with
   * its file not yet expired: what a repeated request gets instead of a new job.
   */
  async findReusable(key: StatExportKey, dataVersion: string): Promise<StatExportRecord | null> {
    const tx = currentTx();
    const rows = await tx.query<StatExportRecord>(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE e.region_id = $1 AND e.district_id IS NOT DISTINCT FROM $2::uuid AND e.form_code = $3 AND e.form_version = $4
          AND e.year = $5 AND e.to_year IS NOT DISTINCT FROM $6::smallint AND e.quarter IS NOT DISTINCT FROM $7::smallint
          AND e.format = $8 AND e.csv_delimiter IS NOT DISTINCT FROM $9::char(1) AND e.data_version = $10
          AND ${EFFECTIVE_STATE} IN ('QUEUED', 'RUNNING', 'COMPLETED')
          AND (e.expires_at IS NULL OR e.expires_at > now())
        ORDER BY e.created_at DESC LIMIT 1`,
      [
        key.regionId,
        key.districtId,
        key.formCode,
        key.formVersion,
        key.year,
        key.toYear,
        key.quarter,
        key.format,
        key.csvDelimiter,
        dataVersion,
      ],
    );
    return rows[0] ?? null;
  }

  /** Recent exports visible to the transaction, newest first. */
  async list(filter: { districtId?: string | null; regionId?: string | null; limit: number }): Promise<StatExportRecord[]> {
    const tx = currentTx();
    return tx.query<StatExportRecord>(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE ($1::uuid IS NULL OR e.district_id = $1) AND ($2::uuid IS NULL OR e.region_id = $2)
        ORDER BY e.created_at DESC, e.id LIMIT $3`,
      [filter.districtId ?? null, filter.regionId ?? null, filter.limit],
    );
  }

  /** The job took the export; null when it already has its outcome (a redelivery of a finished export). */
  async markRunning(id: string): Promise<StatExportRecord | null> {
    const tx = currentTx();
    const updated = await tx.query<{ id: string }>(
      `UPDATE stat_exports SET state = 'RUNNING', started_at = now(), error = NULL
        WHERE id = $1 AND state IN ('QUEUED', 'RUNNING') RETURNING id`,
      [id],
    );
    return updated.length ? this.findById(id) : null;
  }

  /** Locks the row so that moving the file into place and recording its hash happen as one step. */
  async lock(id: string): Promise<{ state: StatExportState } | null> {
    const tx = currentTx();
    const rows = await tx.query<{ state: StatExportState }>(`SELECT state FROM stat_exports WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async markCompleted(id: string, done: CompletedStatExport): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `UPDATE stat_exports SET state = 'COMPLETED', title = $2, sha256 = $3, bytes = $4, row_count = $5, file_path = $6,
          data_version = $7, expires_at = $8, completed_at = now(), error = NULL
        WHERE id = $1`,
      [id, done.title, done.sha256, done.bytes, done.rowCount, done.filePath, done.dataVersion, done.expiresAt],
    );
  }

  /**
   * Records that the file is gone or unusable: EXPIRED when it outlived `expires_at` (or vanished),
   * FAILED with the reason when it no longer matches its hash. The row is kept.
   */
  async markUnavailable(id: string, state: 'EXPIRED' | 'FAILED', error: string | null): Promise<void> {
    const tx = currentTx();
    await tx.query(
      `UPDATE stat_exports SET state = $2::varchar, error = COALESCE($3::text, error), file_path = NULL,
          expired_at = CASE WHEN $2::varchar = 'EXPIRED' THEN now() ELSE expired_at END
        WHERE id = $1`,
      [id, state, error],
    );
  }

  /** Exports whose file has outlived `expires_at` (completed or refused), oldest first. */
  async findExpiredFiles(limit: number): Promise<{ id: string; filePath: string; state: StatExportState }[]> {
    const tx = currentTx();
    return tx.query(
      `SELECT id, file_path AS "filePath", state FROM stat_exports
        WHERE file_path IS NOT NULL AND expires_at <= now() ORDER BY expires_at LIMIT $1`,
      [limit],
    );
  }

  /** Marks exports whose files the sweep removed: EXPIRED (a refused one stays FAILED), no file. */
  async markExpired(ids: readonly string[]): Promise<void> {
    const tx = currentTx();
    if (ids.length === 0) return;
    await tx.query(
      `UPDATE stat_exports SET file_path = NULL, expired_at = now(), state = CASE WHEN state = 'FAILED' THEN state ELSE 'EXPIRED' END
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Every file path still referenced (the sweep keeps these and removes strays). */
  async referencedFiles(paths: readonly string[]): Promise<Set<string>> {
    const tx = currentTx();
    if (paths.length === 0) return new Set();
    const rows = await tx.query<{ filePath: string }>(
      `SELECT file_path AS "filePath" FROM stat_exports WHERE file_path = ANY($1::varchar[])`,
      [paths],
    );
    return new Set(rows.map((r) => r.filePath));
  }
}
