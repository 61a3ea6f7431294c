import { Client } from 'pg';
import { Role, TenantDatabase, TenantScope } from '@mm/database';
import { connectTenantDatabase, createTestDatabase, TestDatabase } from '@mm/testing';
import { pgErrorCode, PG_INSUFFICIENT_PRIVILEGE } from '../../engine/errors';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { QuarterlyReportRepository, ReportRow } from './quarterly-report.repository';

// A cloned database per file and a real pool: give a loaded machine time.
jest.setTimeout(60_000);

const ADMIN: TenantScope = { role: Role.ADMIN, userId: null, regionId: null, districtId: null, schoolId: null };

describe('QuarterlyReportRepository (medium, real Postgres as the app role)', () => {
  let database: TestDatabase;
  let owner: Client;
  let app: { db: TenantDatabase; close(): Promise<void> };
  const reports = new QuarterlyReportRepository();
  const keys = new IdempotencyKeyRepository();
  let org: { regionId: string; districtId: string; schoolA: string; schoolB: string };

  const curatorOf = (schoolId: string): TenantScope => ({
    role: Role.SCHOOL_CURATOR,
    userId: null,
    regionId: org.regionId,
    districtId: org.districtId,
    schoolId,
  });

  const newReport = (schoolId: string, quarter: number, status: ReportRow['status'] = 'DRAFT', figures = { STUDENTS: 100 }) => ({
    regionId: org.regionId,
    districtId: org.districtId,
    schoolId,
    year: 2030,
    quarter,
    status,
    catalogueVersion: 1,
    figures,
    comment: null,
    userId: '00000000-0000-4000-8000-000000000001',
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    const region = (await owner.query(`INSERT INTO regions (code, name) VALUES ('R-MED', 'Регион') RETURNING id`)).rows[0];
    const district = (
      await owner.query(`INSERT INTO districts (region_id, code, name) VALUES ($1, 'D-MED', 'Район') RETURNING id`, [region.id])
    ).rows[0];
    const school = async (code: string) =>
      (
        await owner.query(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $3) RETURNING id`, [
          region.id,
          district.id,
          code,
        ])
      ).rows[0].id;
    org = { regionId: region.id, districtId: district.id, schoolA: await school('S-A'), schoolB: await school('S-B') };
    app = await connectTenantDatabase(database.appUrl);
  });

  afterAll(async () => {
    await app?.close();
    await owner?.end();
    await database?.drop();
  });

  it('keeps revisions append-only: the app role may insert and read but not UPDATE or DELETE them', async () => {
    const report = await app.db.transaction(ADMIN, async () => {
      const inserted = (await reports.insert(newReport(org.schoolA, 1)))!;
      await reports.insertRevision({
        report: inserted,
        action: 'SAVE',
        changes: [{ code: 'STUDENTS', from: null, to: 100 }],
        comment: null,
        authorId: null,
        authorRole: 'ADMIN',
      });
      return inserted;
    });
    const attempt = (sql: string, params: unknown[] = [report.id]) =>
      app.db
        .transaction(ADMIN, (tx) => tx.query(sql, params))
        .then(
          () => 'succeeded',
          (e) => pgErrorCode(e),
        );
    expect(await attempt(`UPDATE quarterly_report_revisions SET comment = 'rewritten' WHERE report_id = $1`)).toBe(
      PG_INSUFFICIENT_PRIVILEGE,
    );
    expect(await attempt(`DELETE FROM quarterly_report_revisions WHERE report_id = $1`)).toBe(PG_INSUFFICIENT_PRIVILEGE);
    expect(await attempt(`TRUNCATE quarterly_report_revisions`, [])).toBe(PG_INSUFFICIENT_PRIVILEGE);
    const stored = await owner.query(`SELECT version, comment, figures FROM quarterly_report_revisions WHERE report_id = $1`, [report.id]);
    expect(stored.rows).toEqual([{ version: 1, comment: null, figures: { STUDENTS: 100 } }]);
    // Reports themselves are never deleted either.
    expect(await attempt(`DELETE FROM quarterly_reports WHERE id = $1`)).toBe(PG_INSUFFICIENT_PRIVILEGE);
  });

  it('moves a report only from the version it was read at', async () => {
    const created = (await app.db.transaction(ADMIN, () => reports.insert(newReport(org.schoolA, 2))))!;
    expect(created.version).toBe(1);
    const state = {
      status: 'DRAFT' as const,
      catalogueVersion: 1,
      figures: { STUDENTS: 120 },
      comment: null,
      submittedAt: null,
      submittedLate: false,
      approvedAt: null,
      userId: created.id,
    };
    const moved = await app.db.transaction(ADMIN, () => reports.update(created.id, 1, state));
    expect(moved).toMatchObject({ version: 2, figures: { STUDENTS: 120 } });
    expect(await app.db.transaction(ADMIN, () => reports.update(created.id, 1, { ...state, figures: { STUDENTS: 1 } }))).toBeNull();
    expect((await owner.query(`SELECT version, figures FROM quarterly_reports WHERE id = $1`, [created.id])).rows).toEqual([
      { version: 2, figures: { STUDENTS: 120 } },
    ]);
  });

  it('refuses a second report for the same school and quarter without failing the transaction', async () => {
    await app.db.transaction(ADMIN, async () => {
      expect(await reports.insert(newReport(org.schoolB, 3))).not.toBeNull();
      expect(await reports.insert(newReport(org.schoolB, 3))).toBeNull();
      expect(await reports.findByPeriod({ schoolId: org.schoolB, year: 2030, quarter: 3 })).toMatchObject({ version: 1 });
    });
  });

  it("hides another school's report from a curator and refuses writing into it (RLS)", async () => {
    const other = (await app.db.transaction(ADMIN, () => reports.insert(newReport(org.schoolB, 4))))!;
    expect(await app.db.transaction(curatorOf(org.schoolA), () => reports.findById(other.id))).toBeNull();
    const insert = app.db.transaction(curatorOf(org.schoolA), () =>
      reports.insertRevision({ report: other, action: 'SAVE', changes: [], comment: null, authorId: null, authorRole: 'SCHOOL_CURATOR' }),
    );
    await expect(insert).rejects.toThrow(/row-level security/);
    expect(await app.db.transaction(curatorOf(org.schoolB), () => reports.findById(other.id))).toMatchObject({ id: other.id });
  });

  it('lists every school of a district with its report or none, and compares only with stated (submitted/approved) figures', async () => {
    const rows = await app.db.transaction(ADMIN, () => reports.listForDistrict(org.districtId, 2030, 1));
    expect(rows.map((r) => [r.schoolCode, r.report?.status ?? null])).toEqual([
      ['S-A', 'DRAFT'],
      ['S-B', null],
    ]);
    expect(rows[0]!.report!.createdAt).toBeInstanceOf(Date);
    await app.db.transaction(ADMIN, () => reports.insert(newReport(org.schoolB, 1, 'SUBMITTED', { STUDENTS: 7 })));
    const stated = await app.db.transaction(ADMIN, () =>
      reports.findStatedFigures([
        { schoolId: org.schoolA, year: 2030, quarter: 1 },
        { schoolId: org.schoolB, year: 2030, quarter: 1 },
      ]),
    );
    expect(stated).toEqual([{ schoolId: org.schoolB, year: 2030, quarter: 1, figures: { STUDENTS: 7 } }]);
  });

  it('stores one response per user and key', async () => {
    const entry = {
      userId: '00000000-0000-4000-8000-000000000002',
      key: 'k-1',
      operation: 'saveQuarterlyReport',
      requestHash: 'a'.repeat(64),
      response: { id: 'x', version: 1 },
      regionId: org.regionId,
      districtId: org.districtId,
      schoolId: org.schoolA,
    };
    await app.db.transaction(ADMIN, () => keys.insert(entry));
    expect(await app.db.transaction(ADMIN, () => keys.find(entry.userId, 'k-1'))).toEqual({
      operation: 'saveQuarterlyReport',
      requestHash: 'a'.repeat(64),
      response: { id: 'x', version: 1 },
    });
    await expect(app.db.transaction(ADMIN, () => keys.insert(entry))).rejects.toThrow(/idempotency_keys_pkey/);
  });
});
