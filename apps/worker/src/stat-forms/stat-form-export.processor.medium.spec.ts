import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadEnvironment } from '@mm/config';
import { MonitoringComputation } from '@mm/monitoring';
import { JobName, type JobRun, type StatFormExportPayload } from '@mm/queue';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { StatExportDataVersion, StatExportRepository } from '@mm/stat-exports';
import type { JobContext } from '../jobs/job-handler.decorator';
import { StatFormExportProcessor } from './stat-form-export.processor';
import { StatFormRowSource } from './stat-form-rows';
import { StatExportSweeper } from './stat-export.sweeper';

describe('StatFormExportProcessor', () => {
  let database: TestDatabase;
  let owner: Client;
  let pool: Awaited<ReturnType<typeof connectTenantDatabase>>;
  let processor: StatFormExportProcessor;
  let sweeper: StatExportSweeper;
  let dataDir: string;
  let place: { regionId: string; districtId: string };
  const sql = async (text: string, params: unknown[] = []) => (await owner.query(text, params)).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    pool = await connectTenantDatabase(database.appUrl);
    dataDir = mkdtempSync(join(tmpdir(), 'mm-stat-export-medium-'));
    const env = loadEnvironment({ DATA_DIR: dataDir });
    const exports = new StatExportRepository();
    processor = new StatFormExportProcessor(
      env,
      pool.db,
      exports,
      new StatExportDataVersion(),
      new StatFormRowSource(),
      new MonitoringComputation(),
    );
    sweeper = new StatExportSweeper(env, pool.db, exports);

    const [region] = await sql(`INSERT INTO regions (code, name) VALUES ('R1', 'Регион') RETURNING id`);
    const [district] = await sql(`INSERT INTO districts (region_id, code, name) VALUES ($1, 'D1', 'Калининский район') RETURNING id`, [
      region.id,
    ]);
    place = { regionId: region.id, districtId: district.id };
    for (let i = 1; i <= 3; i++) {
      const [school] = await sql(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
        region.id,
        district.id,
        `S${i}`,
        `Школа № ${i}`,
      ]);
      await sql(
        `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, 2024, $4, NULL)`,
        [region.id, district.id, school.id, 100 * i + 5],
      );
      await sql(
        `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version, figures)
         VALUES ($1, $2, $3, 2024, 1, 'APPROVED', 1, $4)`,
        [region.id, district.id, school.id, JSON.stringify({ STUDENTS: 100 * i + 5, MENTEES_STUDENTS: 10 * i, MENTORS_STUDENTS: i })],
      );
    }
    for (const [indicator, bp] of [
      ['MENTEE_COVERAGE', 7000],
      ['STUDENT_MENTORS', 1000],
    ] as const) {
      await sql(`INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp) VALUES ($1, $2, 2024, $3)`, [
        region.id,
        indicator,
        bp,
      ]);
    }
  });
  afterAll(async () => {
    await pool?.close();
    await owner?.end();
    await database?.drop();
  });

  /** An export row and its job run, as exportStatForm records them. */
  async function recordExport(
    form: string,
    format: 'XLSX' | 'CSV',
    quarter: number | null,
    toYear: number | null,
  ): Promise<{ payload: StatFormExportPayload; run: JobRun }> {
    const id = randomUUID();
    const scope = { regionId: place.regionId, districtId: place.districtId, schoolId: null };
    const [run] = await sql(
      `INSERT INTO job_runs (name, queue, payload, region_id, district_id, state, started_at) VALUES ($1, 'stat-forms', $2, $3, $4, 'RUNNING', now())
       RETURNING id, name, state`,
      [JobName.STAT_FORM_EXPORT, JSON.stringify({ scope, exportId: id }), place.regionId, place.districtId],
    );
    await sql(
      `INSERT INTO stat_exports (id, region_id, district_id, scope_kind, form_code, form_version, year, to_year, quarter, format, csv_delimiter, data_version, job_run_id)
       VALUES ($1, $2, $3, 'DISTRICT', $4, 1, 2024, $5, $6, $7, $8, $9, $10)`,
      [id, place.regionId, place.districtId, form, toYear, quarter, format, format === 'CSV' ? ';' : null, 'x'.repeat(64), run.id],
    );
    return { payload: { scope, exportId: id }, run };
  }

  const progress: number[] = [];
  const context = (run: JobRun): JobContext => ({ run, progress: async (p) => void progress.push(p) });

  it('writes the file, records its hash and data version, and skips a redelivery once completed', async () => {
    const { payload, run } = await recordExport('TARGET_PLAN', 'CSV', null, 2024);
    progress.length = 0;
    const result = await processor.export(payload, context(run));
    expect(result).toMatchObject({ exportId: payload.exportId, state: 'COMPLETED', rows: 3 });
    const [row] = await sql(
      `SELECT state, sha256, bytes::int AS bytes, file_path AS "filePath", data_version AS "dataVersion", title, expires_at > now() + interval '6 days' AS "kept" FROM stat_exports WHERE id = $1`,
      [payload.exportId],
    );
    const file = readFileSync(join(dataDir, row.filePath));
    expect(row).toMatchObject({
      state: 'COMPLETED',
      sha256: result.sha256,
      bytes: file.length,
      kept: true,
      title: 'План вовлечения обучающихся в различные формы наставничества на 2024 год: Калининский район',
    });
    expect(createHash('sha256').update(file).digest('hex')).toBe(row.sha256);
    expect(row.dataVersion).not.toBe('x'.repeat(64));
    // 70 % of 105, 205, 305: 73.5 → 74, 143.5 → 144, 213.5 → 214; ИТОГО 70 % of 615 = 430.5 → 431.
    expect(
      file
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(1, 5),
    ).toEqual(['1;Школа № 1;74;11', '2;Школа № 2;144;21', '3;Школа № 3;214;31', ';ИТОГО;431;62']);
    expect(progress[0]).toBe(5);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);

    const again = await processor.export(payload, context(run));
    expect(again).toEqual({ exportId: payload.exportId, state: 'COMPLETED', skipped: true });
    expect(readFileSync(join(dataDir, row.filePath)).equals(file)).toBe(true);
  });

  it('rewrites the same file on a redelivery of an unfinished run, consistently with the record', async () => {
    const { payload, run } = await recordExport('TARGET_PLAN', 'XLSX', null, 2024);
    const first = await processor.export(payload, context(run));
    // The worker crashed after the file was stored but before the job was marked done: the run is redelivered.
    await sql(`UPDATE stat_exports SET state = 'RUNNING' WHERE id = $1`, [payload.exportId]);
    const second = await processor.export(payload, context(run));
    expect(second.state).toBe('COMPLETED');
    const [row] = await sql(`SELECT sha256, file_path AS "filePath" FROM stat_exports WHERE id = $1`, [payload.exportId]);
    expect(row.filePath).toBe(`exports/${payload.exportId}.xlsx`);
    expect(row.sha256).toBe(second.sha256);
    expect(
      createHash('sha256')
        .update(readFileSync(join(dataDir, row.filePath)))
        .digest('hex'),
    ).toBe(second.sha256);
    expect(first.rows).toBe(second.rows);
    // No temporary files are left behind.
    expect(readdirSync(join(dataDir, 'exports')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('computes the monitoring snapshot a monitoring form needs when the quarter has none', async () => {
    expect(
      await sql(`SELECT 1 FROM monitoring_snapshots WHERE district_id = $1 AND year = 2024 AND quarter = 1`, [place.districtId]),
    ).toHaveLength(0);
    const { payload, run } = await recordExport('MONITORING_SUMMARY', 'CSV', 1, null);
    const result = await processor.export(payload, context(run));
    expect(result).toMatchObject({ state: 'COMPLETED', rows: 3 });
    const [snapshot] = await sql(
      `SELECT mentees, job_run_id AS "jobRunId" FROM monitoring_snapshots WHERE district_id = $1 AND year = 2024 AND quarter = 1`,
      [place.districtId],
    );
    expect(snapshot).toEqual({ mentees: 60, jobRunId: run.id });
  });

  it('fails, leaving no file, when the export is not visible to its scope', async () => {
    const { payload, run } = await recordExport('TARGET_PLAN', 'CSV', null, 2024);
    const otherDistrict = randomUUID();
    await expect(processor.export({ ...payload, scope: { ...payload.scope, districtId: otherDistrict } }, context(run))).rejects.toThrow(
      /not visible/,
    );
    expect(existsSync(join(dataDir, 'exports', `${payload.exportId}.csv`))).toBe(false);
  });

  it('sweeps expired files and marks their exports EXPIRED', async () => {
    const { payload, run } = await recordExport('TARGET_PLAN', 'CSV', null, 2024);
    await processor.export(payload, context(run));
    const path = join(dataDir, 'exports', `${payload.exportId}.csv`);
    expect(existsSync(path)).toBe(true);
    await sql(`UPDATE stat_exports SET expires_at = now() - interval '1 second' WHERE id = $1`, [payload.exportId]);
    const swept = await sweeper.sweepOnce();
    expect(swept.expired).toBe(1);
    expect(existsSync(path)).toBe(false);
    expect(await sql(`SELECT state, file_path FROM stat_exports WHERE id = $1`, [payload.exportId])).toEqual([
      { state: 'EXPIRED', file_path: null },
    ]);
  });
});
