import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, GraphqlResult, Platform, startPlatform } from './harness/platform';
import {
  APPROVE,
  completeFigures,
  fieldsOf,
  REOPEN,
  REPORT,
  REPORT_DETAILS,
  RETURN,
  SAVE,
  storedCounts,
  SUBMIT,
} from './quarterly-report.helpers';

// Far-future quarters: their default deadlines have not passed, so nothing here is late.
const YEAR = 2099;

// A real API over HTTP and a real database: give a loaded machine time.
jest.setTimeout(120_000);

describe('quarterly reports (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let other: OrgFixture;
  let t: {
    curator: string;
    curator2: string;
    coordinator: string;
    authority: string;
    admin: string;
    otherCoordinator: string;
    otherCurator: string;
  };
  let school: string;
  let school2: string;

  beforeAll(async () => {
    platform = await startPlatform();
    org = await createOrg(platform, 'QR', 2);
    other = await createOrg(platform, 'QROTHER', 1);
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    t = {
      curator: await login(org.curators[0]!.email),
      curator2: await login(org.curators[1]!.email),
      coordinator: await login(org.coordinator.email),
      authority: await login(org.authority.email),
      admin: await platform.adminToken(),
      otherCoordinator: await login(other.coordinator.email),
      otherCurator: await login(other.curators[0]!.email),
    };
    school = org.schoolIds[0]!;
    school2 = org.schoolIds[1]!;
  });
  afterAll(() => platform?.close());

  const save = (token: string, input: Record<string, unknown>) => platform.gql(SAVE, { input }, token);
  const details = async (token: string, schoolId: string, quarter: number, year = YEAR) =>
    (await platform.gql(REPORT_DETAILS, { schoolId, year, quarter }, token)).data?.quarterlyReport;
  const ok = <T>(result: GraphqlResult<T>): T => {
    expect(result.errors).toBeUndefined();
    return result.data!;
  };

  describe('catalogue', () => {
    const CATALOGUE = `query($version: Int) { quarterlyReportCatalogue(version: $version) {
      version sections { code labelRu } elements { code labelRu section required measure form } } }`;

    it('serves the data set with Russian labels, sections and required figures to any signed-in user', async () => {
      const { quarterlyReportCatalogue: catalogue } = ok(await platform.gql(CATALOGUE, {}, t.curator));
      expect(catalogue.version).toBe(1);
      expect(catalogue.sections).toContainEqual({ code: 'STUDENTS', labelRu: 'Обучающиеся' });
      expect(catalogue.elements[0]).toEqual({
        code: 'STUDENTS',
        labelRu: 'Численность обучающихся (контингент) на отчётную дату',
        section: 'STUDENTS',
        required: true,
        measure: 'ON_DATE',
        form: null,
      });
      expect(catalogue.elements).toContainEqual(
        expect.objectContaining({
          code: 'MENTEES_STUDENTS_STUDENT_STUDENT',
          required: false,
          measure: 'YEAR_TO_DATE',
          form: 'STUDENT_STUDENT',
        }),
      );
      expect(catalogue.elements.filter((e: any) => e.required).map((e: any) => e.code)).toEqual([
        'STUDENTS',
        'MENTEES_STUDENTS',
        'MENTORS_STUDENTS',
        'TEACHERS',
        'MENTEES_TEACHERS',
        'MENTORS_TEACHERS',
      ]);
      expect(ok(await platform.gql(CATALOGUE, { version: 1 }, t.coordinator)).quarterlyReportCatalogue.version).toBe(1);
    });

    it('answers NOT_FOUND for an unknown version and UNAUTHENTICATED without a token', async () => {
      expect(errorCode(await platform.gql(CATALOGUE, { version: 99 }, t.curator))).toBe('NOT_FOUND');
      expect(errorCode(await platform.gql(CATALOGUE, {}))).toBe('UNAUTHENTICATED');
    });
  });

  describe('workflow', () => {
    it('walks DRAFT → SUBMITTED → RETURNED → SUBMITTED → APPROVED → RETURNED (reopen) with a revision per change', async () => {
      const quarter = 1;
      const created = ok(
        await save(t.curator, { schoolId: school, year: YEAR, quarter, figures: completeFigures({ MENTEES_STUDENTS: 90 }) }),
      );
      expect(created.saveQuarterlyReport).toMatchObject({ status: 'DRAFT', version: 1, warnings: [] });
      expect(created.saveQuarterlyReport.figures.slice(0, 2)).toEqual([
        { code: 'STUDENTS', value: 500 },
        { code: 'MENTEES_STUDENTS', value: 90 },
      ]);
      const id = created.saveQuarterlyReport.id;

      const edited = ok(await save(t.curator, { schoolId: school, year: YEAR, quarter, expectedVersion: 1, figures: completeFigures() }));
      expect(edited.saveQuarterlyReport).toMatchObject({ id, status: 'DRAFT', version: 2 });
      expect((await details(t.curator, school, quarter)).allowedActions).toEqual(['SAVE', 'SUBMIT']);
      expect((await details(t.coordinator, school, quarter)).allowedActions).toEqual([]);

      const submitted = ok(await platform.gql(SUBMIT, { id, expectedVersion: 2 }, t.curator)).submitQuarterlyReport;
      expect(submitted).toEqual({ id, status: 'SUBMITTED', version: 3 });
      let report = await details(t.coordinator, school, quarter);
      expect(report).toMatchObject({ submittedLate: false, approvedAt: null, allowedActions: ['APPROVE', 'RETURN'] });
      expect(report.submittedAt).toEqual(expect.any(String));
      expect((await details(t.curator, school, quarter)).allowedActions).toEqual([]);

      const returned = ok(await platform.gql(RETURN, { id, expectedVersion: 3, comment: 'Проверьте число наставников' }, t.coordinator));
      expect(returned.returnQuarterlyReport).toEqual({ id, status: 'RETURNED', version: 4 });
      report = await details(t.curator, school, quarter);
      expect(report).toMatchObject({ comment: 'Проверьте число наставников', allowedActions: ['SAVE', 'SUBMIT'] });

      // Saving a returned report keeps it RETURNED until the school submits again.
      const corrected = ok(
        await save(t.curator, {
          schoolId: school,
          year: YEAR,
          quarter,
          expectedVersion: 4,
          figures: completeFigures({ MENTORS_STUDENTS: 25 }),
        }),
      );
      expect(corrected.saveQuarterlyReport).toMatchObject({ status: 'RETURNED', version: 5 });
      expect(ok(await platform.gql(SUBMIT, { id, expectedVersion: 5 }, t.curator)).submitQuarterlyReport.status).toBe('SUBMITTED');

      const approved = ok(await platform.gql(APPROVE, { id, expectedVersion: 6 }, t.coordinator)).approveQuarterlyReport;
      expect(approved).toEqual({ id, status: 'APPROVED', version: 7 });
      report = await details(t.curator, school, quarter);
      expect(report.approvedAt).toEqual(expect.any(String));
      expect(report.allowedActions).toEqual([]);
      expect((await details(t.coordinator, school, quarter)).allowedActions).toEqual(['REOPEN']);

      const reopened = ok(
        await platform.gql(REOPEN, { id, expectedVersion: 7, comment: 'Уточнить данные' }, t.coordinator),
      ).reopenQuarterlyReport;
      expect(reopened).toMatchObject({ id, status: 'RETURNED', version: 8, comment: 'Уточнить данные', allowedActions: [] });
      expect((await details(t.curator, school, quarter)).allowedActions).toEqual(['SAVE', 'SUBMIT']);

      // The contract query: every revision with its author.
      const contract = ok(await platform.gql(REPORT, { schoolId: school, year: YEAR, quarter }, t.curator)).quarterlyReport;
      expect(contract).toMatchObject({ id, status: 'RETURNED', version: 8 });
      const curator = org.curators[0]!.email;
      const coordinator = org.coordinator.email;
      expect(contract.revisions.map((r: any) => [r.version, r.status, r.author?.email])).toEqual([
        [1, 'DRAFT', curator],
        [2, 'DRAFT', curator],
        [3, 'SUBMITTED', curator],
        [4, 'RETURNED', coordinator],
        [5, 'RETURNED', curator],
        [6, 'SUBMITTED', curator],
        [7, 'APPROVED', coordinator],
        [8, 'RETURNED', coordinator],
      ]);
      expect(contract.revisions.every((r: any) => typeof r.createdAt === 'string')).toBe(true);

      report = await details(t.admin, school, quarter);
      expect(report.revisions.map((r: any) => r.action)).toEqual([
        'SAVE',
        'SAVE',
        'SUBMIT',
        'RETURN',
        'SAVE',
        'SUBMIT',
        'APPROVE',
        'REOPEN',
      ]);
      expect(report.revisions[1].changes).toEqual([{ code: 'MENTEES_STUDENTS', from: 90, to: 100 }]);
      expect(report.revisions[4].changes).toEqual([{ code: 'MENTORS_STUDENTS', from: 20, to: 25 }]);
      expect(report.revisions[0].changes).toHaveLength(7);
      expect(report.revisions[3]).toMatchObject({
        comment: 'Проверьте число наставников',
        changes: [],
        author: { role: 'DISTRICT_COORDINATOR' },
      });
      expect(report.revisions[4].figures).toEqual(completeFigures({ MENTORS_STUDENTS: 25 }));

      const audits = await platform.sql(
        `SELECT operation, details->>'version' AS version FROM audit_log WHERE target_ids = ARRAY[$1] ORDER BY id`,
        [id],
      );
      expect(audits.map((a) => `${a.operation}@${a.version}`)).toEqual([
        'quarterlyReport.save@1',
        'quarterlyReport.save@2',
        'quarterlyReport.submit@3',
        'quarterlyReport.return@4',
        'quarterlyReport.save@5',
        'quarterlyReport.submit@6',
        'quarterlyReport.approve@7',
        'quarterlyReport.reopen@8',
      ]);
    });

    it('lets an admin act for the school and the district', async () => {
      const quarter = 2;
      const created = ok(await save(t.admin, { schoolId: school2, year: YEAR, quarter, figures: completeFigures() })).saveQuarterlyReport;
      ok(await platform.gql(SUBMIT, { id: created.id, expectedVersion: 1 }, t.admin));
      expect(ok(await platform.gql(APPROVE, { id: created.id, expectedVersion: 2 }, t.admin)).approveQuarterlyReport.status).toBe(
        'APPROVED',
      );
    });
  });

  describe('refusals', () => {
    const quarter = 3;
    let id: string;

    beforeAll(async () => {
      id = ok(await save(t.curator, { schoolId: school, year: YEAR, quarter, figures: completeFigures() })).saveQuarterlyReport.id;
    });

    it("refuses saving by anyone but the school's curator or an admin, and stores nothing", async () => {
      const before = await storedCounts(platform);
      const input = { schoolId: school, year: YEAR, quarter: 4, figures: completeFigures() };
      expect(errorCode(await save(t.coordinator, input))).toBe('FORBIDDEN');
      expect(errorCode(await save(t.authority, input))).toBe('FORBIDDEN');
      expect(errorCode(await save(t.curator2, input))).toBe('FORBIDDEN'); // another school of the district
      expect(errorCode(await save(t.otherCurator, input))).toBe('FORBIDDEN'); // another region
      expect(errorCode(await save(t.curator, { ...input, schoolId: '6f1f8a4e-1c0b-4f7e-9b43-3a2d1c0e9f11' }))).toBe('NOT_FOUND');
      expect(errorCode(await save(t.curator, { ...input, schoolId: 'not-a-uuid' }))).toBe('BAD_USER_INPUT');
      expect(await storedCounts(platform)).toEqual(before);
    });

    it('refuses decisions by anyone but the coordinator of the district or an admin', async () => {
      ok(await platform.gql(SUBMIT, { id, expectedVersion: 1 }, t.curator));
      const before = await storedCounts(platform);
      expect(errorCode(await platform.gql(APPROVE, { id, expectedVersion: 2 }, t.curator))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(APPROVE, { id, expectedVersion: 2 }, t.authority))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(APPROVE, { id, expectedVersion: 2 }, t.otherCoordinator))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(RETURN, { id, expectedVersion: 2, comment: 'x' }, t.otherCoordinator))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(SUBMIT, { id, expectedVersion: 2 }, t.curator2))).toBe('FORBIDDEN');
      expect(
        errorCode(await platform.gql(APPROVE, { id: 'f4b1c7a2-3d5e-4f60-8a9b-0c1d2e3f4a5b', expectedVersion: 1 }, t.coordinator)),
      ).toBe('NOT_FOUND');
      expect(await storedCounts(platform)).toEqual(before);
    });

    it("refuses reading another school's or another district's reports", async () => {
      expect(errorCode(await platform.gql(REPORT, { schoolId: school, year: YEAR, quarter }, t.curator2))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(REPORT, { schoolId: school, year: YEAR, quarter }, t.otherCoordinator))).toBe('FORBIDDEN');
      expect(ok(await platform.gql(REPORT, { schoolId: school, year: YEAR, quarter }, t.authority)).quarterlyReport.id).toBe(id);
      expect(ok(await platform.gql(REPORT, { schoolId: school2, year: YEAR, quarter }, t.curator2)).quarterlyReport).toBeNull();
    });

    it('refuses transitions the workflow does not have with CONFLICT, and an approved report is read-only', async () => {
      const before = await storedCounts(platform);
      // Now SUBMITTED at version 2.
      expect(errorCode(await platform.gql(SUBMIT, { id, expectedVersion: 2 }, t.curator))).toBe('CONFLICT');
      expect(
        errorCode(await save(t.curator, { schoolId: school, year: YEAR, quarter, expectedVersion: 2, figures: completeFigures() })),
      ).toBe('CONFLICT');
      expect(errorCode(await platform.gql(REOPEN, { id, expectedVersion: 2, comment: 'x' }, t.coordinator))).toBe('CONFLICT');
      expect(await storedCounts(platform)).toEqual({ ...before });

      ok(await platform.gql(APPROVE, { id, expectedVersion: 2 }, t.coordinator));
      const approved = await storedCounts(platform);
      const locked = await save(t.curator, {
        schoolId: school,
        year: YEAR,
        quarter,
        expectedVersion: 3,
        figures: completeFigures({ STUDENTS: 600 }),
      });
      expect(errorCode(locked)).toBe('CONFLICT');
      expect(locked.errors![0]!.message).toMatch(/approved and read-only/);
      expect(locked.errors![0]!.extensions).toMatchObject({ currentStatus: 'APPROVED', currentVersion: 3 });
      expect(errorCode(await platform.gql(APPROVE, { id, expectedVersion: 3 }, t.coordinator))).toBe('CONFLICT');
      expect(errorCode(await platform.gql(RETURN, { id, expectedVersion: 3, comment: 'x' }, t.coordinator))).toBe('CONFLICT');
      expect(errorCode(await platform.gql(SUBMIT, { id, expectedVersion: 3 }, t.curator))).toBe('CONFLICT');
      expect(await storedCounts(platform)).toEqual(approved);
      expect((await details(t.curator, school, quarter)).figures).toEqual(completeFigures());
    });

    it('refuses approving a draft and submitting an incomplete report', async () => {
      const draft = ok(
        await save(t.curator, { schoolId: school, year: YEAR, quarter: 4, figures: [{ code: 'STUDENTS', value: 500 }] }),
      ).saveQuarterlyReport;
      const before = await storedCounts(platform);
      expect(errorCode(await platform.gql(APPROVE, { id: draft.id, expectedVersion: 1 }, t.coordinator))).toBe('CONFLICT');
      expect(errorCode(await platform.gql(RETURN, { id: draft.id, expectedVersion: 1, comment: 'x' }, t.coordinator))).toBe('CONFLICT');
      const incomplete = await platform.gql(SUBMIT, { id: draft.id, expectedVersion: 1 }, t.curator);
      expect(errorCode(incomplete)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(incomplete)).toEqual(['MENTEES_STUDENTS', 'MENTORS_STUDENTS', 'TEACHERS', 'MENTEES_TEACHERS', 'MENTORS_TEACHERS']);
      expect(await storedCounts(platform)).toEqual(before);
      expect((await details(t.curator, school, 4)).status).toBe('DRAFT');
    });

    it('refuses a stale or missing expectedVersion with CONFLICT carrying the current version', async () => {
      const quarterOf2 = 3;
      const created = ok(
        await save(t.curator2, { schoolId: school2, year: YEAR, quarter: quarterOf2, figures: completeFigures() }),
      ).saveQuarterlyReport;
      ok(
        await save(t.curator2, {
          schoolId: school2,
          year: YEAR,
          quarter: quarterOf2,
          expectedVersion: 1,
          figures: completeFigures({ PAIRS: 5 }),
        }),
      );
      const before = await storedCounts(platform);
      const base = { schoolId: school2, year: YEAR, quarter: quarterOf2, figures: completeFigures({ PAIRS: 9 }) };

      const stale = await save(t.curator2, { ...base, expectedVersion: 1 });
      expect(errorCode(stale)).toBe('CONFLICT');
      expect(stale.errors![0]!.extensions).toMatchObject({ reason: 'STALE_VERSION', currentVersion: 2 });

      const missing = await save(t.curator2, base);
      expect(errorCode(missing)).toBe('CONFLICT');
      expect(missing.errors![0]!.extensions).toMatchObject({ reason: 'VERSION_REQUIRED', currentVersion: 2 });

      const ahead = await save(t.curator2, { ...base, expectedVersion: 7 });
      expect(ahead.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });

      // A create that believes a report exists.
      const phantom = await save(t.curator2, { ...base, quarter: 4, expectedVersion: 1 });
      expect(phantom.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: null });

      const staleSubmit = await platform.gql(SUBMIT, { id: created.id, expectedVersion: 1 }, t.curator2);
      expect(staleSubmit.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
      expect(await storedCounts(platform)).toEqual(before);
      expect((await details(t.curator2, school2, quarterOf2)).figures).toEqual(completeFigures({ PAIRS: 5 }));

      // A retried approve whose first attempt succeeded carries a stale version now: CONFLICT, nothing twice.
      ok(await platform.gql(SUBMIT, { id: created.id, expectedVersion: 2 }, t.curator2));
      ok(await platform.gql(APPROVE, { id: created.id, expectedVersion: 3 }, t.coordinator));
      const retried = await platform.gql(APPROVE, { id: created.id, expectedVersion: 3 }, t.coordinator);
      expect(retried.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 4 });
    });

    it('requires a comment to return or reopen a report', async () => {
      const created = ok(
        await save(t.curator2, { schoolId: school2, year: YEAR, quarter: 1, figures: completeFigures() }),
      ).saveQuarterlyReport;
      ok(await platform.gql(SUBMIT, { id: created.id, expectedVersion: 1 }, t.curator2));
      const before = await storedCounts(platform);
      for (const comment of ['', '   ']) {
        const result = await platform.gql(RETURN, { id: created.id, expectedVersion: 2, comment }, t.coordinator);
        expect(errorCode(result)).toBe('BAD_USER_INPUT');
        expect(fieldsOf(result)).toEqual(['comment']);
      }
      ok(await platform.gql(APPROVE, { id: created.id, expectedVersion: 2 }, t.coordinator));
      const after = await storedCounts(platform);
      const reopen = await platform.gql(REOPEN, { id: created.id, expectedVersion: 3, comment: ' ' }, t.coordinator);
      expect(fieldsOf(reopen)).toEqual(['comment']);
      expect(await storedCounts(platform)).toEqual(after);
      expect(after.revisions).toBe(before.revisions + 1);
    });
  });

  describe('hard rules', () => {
    const quarter = 2;

    it('refuses bad figures naming every failing figure, and stores nothing', async () => {
      const before = await storedCounts(platform);
      const result = await save(t.curator, {
        schoolId: school,
        year: YEAR,
        quarter,
        figures: [
          { code: 'STUDENTS', value: 100 },
          { code: 'MENTEES_STUDENTS', value: 150 },
          { code: 'TEACHERS', value: -1 },
          { code: 'PAIRS', value: 2 },
          { code: 'PAIRS', value: 3 },
          { code: 'NO_SUCH_FIGURE', value: 1 },
          { code: 'MENTEES_TEACHERS', value: 5 },
          { code: 'MENTEES_YOUNG_SPECIALISTS', value: 6 },
        ],
      });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      const fields = result.errors![0]!.extensions!.fields!;
      expect(fields.map((f: any) => [f.field, f.rule])).toEqual(
        expect.arrayContaining([
          ['TEACHERS', 'NEGATIVE'],
          ['PAIRS', 'DUPLICATE_CODE'],
          ['NO_SUCH_FIGURE', 'UNKNOWN_CODE'],
          ['MENTEES_STUDENTS', 'MENTEES_GT_STUDENTS'],
          ['MENTEES_YOUNG_SPECIALISTS', 'YOUNG_SPECIALISTS_GT_MENTEES_TEACHERS'],
        ]),
      );
      expect(fields).toHaveLength(5);
      expect(await storedCounts(platform)).toEqual(before);
      expect(ok(await platform.gql(REPORT, { schoolId: school, year: YEAR, quarter }, t.curator)).quarterlyReport).toBeNull();
    });

    it('refuses per-form figures that do not add up, on an existing report too, leaving it as it was', async () => {
      const created = ok(await save(t.curator, { schoolId: school, year: YEAR, quarter, figures: completeFigures() })).saveQuarterlyReport;
      const before = await storedCounts(platform);
      const result = await save(t.curator, {
        schoolId: school,
        year: YEAR,
        quarter,
        expectedVersion: 1,
        figures: completeFigures({ MENTEES_STUDENTS_STUDENT_STUDENT: 30, MENTEES_STUDENTS_TEACHER_STUDENT: 40, MENTORS_STUDENTS: 501 }),
      });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(result).sort()).toEqual(['MENTEES_STUDENTS', 'MENTORS_STUDENTS']);
      expect(await storedCounts(platform)).toEqual(before);
      const report = await details(t.curator, school, quarter);
      expect(report).toMatchObject({ id: created.id, version: 1, figures: completeFigures() });
    });

    it('lets GraphQL itself refuse non-integers and values beyond 2^31 - 1', async () => {
      const before = await storedCounts(platform);
      for (const value of [1.5, 2 ** 31, 1e12, '12']) {
        const result = await save(t.curator, { schoolId: school, year: YEAR, quarter: 4, figures: [{ code: 'STUDENTS', value }] });
        expect(errorCode(result)).toBe('BAD_USER_INPUT');
        expect(result.data).toBeUndefined();
      }
      expect(await storedCounts(platform)).toEqual(before);
    });

    it('validates year and quarter', async () => {
      const before = await storedCounts(platform);
      for (const [year, q, field] of [
        [YEAR, 0, 'quarter'],
        [YEAR, 5, 'quarter'],
        [1999, 1, 'year'],
        [2101, 1, 'year'],
      ] as const) {
        const result = await save(t.curator, { schoolId: school, year, quarter: q, figures: completeFigures() });
        expect(errorCode(result)).toBe('BAD_USER_INPUT');
        expect(fieldsOf(result)).toEqual([field]);
      }
      expect(errorCode(await platform.gql(REPORT, { schoolId: school, year: YEAR, quarter: 0 }, t.curator))).toBe('BAD_USER_INPUT');
      expect(await storedCounts(platform)).toEqual(before);
    });
  });

  describe('soft rules', () => {
    const year = 2098;

    it('warns against the previous quarter and requires a comment to submit', async () => {
      // Q1 is only a draft: nothing stated yet, so Q2 is not compared with it.
      const q1 = ok(
        await save(t.curator, {
          schoolId: school,
          year,
          quarter: 1,
          figures: completeFigures({ MENTEES_STUDENTS: 100, MENTORS_STUDENTS: 10 }),
        }),
      ).saveQuarterlyReport;
      const q2Draft = ok(
        await save(t.curator, {
          schoolId: school,
          year,
          quarter: 2,
          figures: completeFigures({ MENTEES_STUDENTS: 80, MENTORS_STUDENTS: 40 }),
        }),
      ).saveQuarterlyReport;
      expect(q2Draft.warnings).toEqual([]);

      ok(await platform.gql(SUBMIT, { id: q1.id, expectedVersion: 1 }, t.curator));
      const q2 = ok(
        await save(t.curator, {
          schoolId: school,
          year,
          quarter: 2,
          expectedVersion: 1,
          figures: completeFigures({ MENTEES_STUDENTS: 80, MENTORS_STUDENTS: 40 }),
        }),
      ).saveQuarterlyReport;
      expect(q2.warnings.map((w: any) => w.code)).toEqual(['MENTEES_STUDENTS', 'MENTORS_STUDENTS']);
      expect(q2.warnings[0].message).toMatch(/went down from 100 to 80/);
      const read = await details(t.coordinator, school, 2, year);
      expect(read.warnings.map((w: any) => [w.code, w.rule])).toEqual([
        ['MENTEES_STUDENTS', 'DECREASE'],
        ['MENTORS_STUDENTS', 'JUMP'],
      ]);

      const before = await storedCounts(platform);
      for (const comment of [undefined, '', '  ']) {
        const refused = await platform.gql(SUBMIT, { id: q2.id, expectedVersion: 2, comment }, t.curator);
        expect(errorCode(refused)).toBe('BAD_USER_INPUT');
        expect(fieldsOf(refused)).toEqual(['comment']);
        expect(refused.errors![0]!.extensions!.warnings).toHaveLength(2);
      }
      expect(await storedCounts(platform)).toEqual(before);

      const explained = 'Часть учеников выбыла; добавлена группа наставников из 10-х классов';
      expect(
        ok(await platform.gql(SUBMIT, { id: q2.id, expectedVersion: 2, comment: explained }, t.curator)).submitQuarterlyReport.status,
      ).toBe('SUBMITTED');
      const submitted = await details(t.coordinator, school, 2, year);
      expect(submitted.comment).toBe(explained);
      expect(submitted.revisions[2]).toMatchObject({ action: 'SUBMIT', comment: explained });
    });

    it('does not compare Q1 with the previous year', async () => {
      const q4 = ok(
        await save(t.curator2, { schoolId: school2, year: 2097, quarter: 4, figures: completeFigures({ MENTEES_STUDENTS: 400 }) }),
      ).saveQuarterlyReport;
      ok(await platform.gql(SUBMIT, { id: q4.id, expectedVersion: 1 }, t.curator2));
      const q1 = ok(
        await save(t.curator2, { schoolId: school2, year: 2098, quarter: 1, figures: completeFigures({ MENTEES_STUDENTS: 10 }) }),
      ).saveQuarterlyReport;
      expect(q1.warnings).toEqual([]);
      expect(ok(await platform.gql(SUBMIT, { id: q1.id, expectedVersion: 1 }, t.curator2)).submitQuarterlyReport.status).toBe('SUBMITTED');
    });
  });

  describe('lists', () => {
    const year = 2096;
    const LIST = `query($districtId: ID!, $year: Int!, $quarter: Int!) { districtQuarterlyReports(districtId: $districtId, year: $year, quarter: $quarter) {
      schoolId schoolCode schoolName status report { id version submittedLate figures { code value } warnings { code } revisions { version author { email } } allowedActions } } }`;

    it('lists every school of the district with its report status (MISSING for none)', async () => {
      const created = ok(await save(t.curator, { schoolId: school, year, quarter: 1, figures: completeFigures() })).saveQuarterlyReport;
      ok(await platform.gql(SUBMIT, { id: created.id, expectedVersion: 1 }, t.curator));
      const list = ok(await platform.gql(LIST, { districtId: org.districtId, year, quarter: 1 }, t.coordinator)).districtQuarterlyReports;
      expect(list.map((row: any) => [row.schoolCode, row.status])).toEqual([
        ['S-QR-1', 'SUBMITTED'],
        ['S-QR-2', 'MISSING'],
      ]);
      expect(list[0].report).toMatchObject({
        id: created.id,
        version: 2,
        submittedLate: false,
        warnings: [],
        allowedActions: ['APPROVE', 'RETURN'],
      });
      expect(list[0].report.revisions.map((r: any) => r.author.email)).toEqual([org.curators[0]!.email, org.curators[0]!.email]);
      expect(list[1].report).toBeNull();
      expect(
        ok(await platform.gql(LIST, { districtId: org.districtId, year, quarter: 1 }, t.authority)).districtQuarterlyReports,
      ).toHaveLength(2);
    });

    it('keeps district lists to the district, its region and admins', async () => {
      const args = { districtId: org.districtId, year, quarter: 1 };
      expect(errorCode(await platform.gql(LIST, args, t.curator))).toBe('FORBIDDEN');
      expect(errorCode(await platform.gql(LIST, args, t.otherCoordinator))).toBe('FORBIDDEN');
      expect(ok(await platform.gql(LIST, args, t.admin)).districtQuarterlyReports).toHaveLength(2);
    });

    it('gives a school its own history, newest first, optionally for one year', async () => {
      const HISTORY = `query($schoolId: ID!, $year: Int) { schoolQuarterlyReports(schoolId: $schoolId, year: $year) { year quarter status } }`;
      const all = ok(await platform.gql(HISTORY, { schoolId: school }, t.curator)).schoolQuarterlyReports;
      const keys = all.map((r: any) => r.year * 10 + r.quarter);
      expect(keys).toEqual([...keys].sort((a: number, b: number) => b - a));
      expect(all.length).toBeGreaterThanOrEqual(5);
      expect(ok(await platform.gql(HISTORY, { schoolId: school, year }, t.curator)).schoolQuarterlyReports).toEqual([
        { year, quarter: 1, status: 'SUBMITTED' },
      ]);
      expect(errorCode(await platform.gql(HISTORY, { schoolId: school }, t.curator2))).toBe('FORBIDDEN');
    });
  });

  describe('monitoring trigger', () => {
    const year = 2095;

    it('records one queued monitoring run for the district per quarter, shared by decisions made before it runs', async () => {
      const ids: string[] = [];
      for (const [token, schoolId] of [
        [t.curator, school],
        [t.curator2, school2],
      ] as const) {
        const created = ok(await save(token, { schoolId, year, quarter: 2, figures: completeFigures() })).saveQuarterlyReport;
        ok(await platform.gql(SUBMIT, { id: created.id, expectedVersion: 1 }, token));
        ids.push(created.id);
      }
      const runsOf = () =>
        platform.sql(
          `SELECT name, state, dedup_key AS "dedupKey", payload, region_id AS "regionId", district_id AS "districtId",
            school_id AS "schoolId", requested_by AS "requestedBy" FROM job_runs WHERE dedup_key LIKE 'monitoring:%' AND payload->>'year' = $1`,
          [String(year)],
        );
      expect(await runsOf()).toEqual([]);
      // Saves and submits do not touch monitoring; decisions do.
      ok(await platform.gql(APPROVE, { id: ids[0], expectedVersion: 2 }, t.coordinator));
      const expected = {
        name: 'monitoring.compute',
        state: 'QUEUED',
        dedupKey: `monitoring:district:${org.districtId}:${year}:2`,
        payload: { scope: { regionId: org.regionId, districtId: org.districtId, schoolId: null }, year, quarter: 2 },
        regionId: org.regionId,
        districtId: org.districtId,
        schoolId: null,
        requestedBy: org.coordinator.id,
      };
      expect(await runsOf()).toEqual([expected]);
      ok(await platform.gql(RETURN, { id: ids[1], expectedVersion: 2, comment: 'Уточните' }, t.coordinator));
      ok(await platform.gql(REOPEN, { id: ids[0], expectedVersion: 3, comment: 'Повторная проверка' }, t.coordinator));
      expect(await runsOf()).toEqual([expected]);
    });
  });
});
