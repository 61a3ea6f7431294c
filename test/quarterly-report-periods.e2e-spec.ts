import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';
import { APPROVE, completeFigures, fieldsOf, REOPEN, RETURN, SAVE, storedCounts, SUBMIT } from './quarterly-report.helpers';

const PERIOD = `query($regionId: ID!, $year: Int!, $quarter: Int!) { reportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) {
  regionId year quarter deadline defaultDeadline deadlinePassed closed closedAt } }`;
const SET_DEADLINE = `mutation($regionId: ID!, $year: Int!, $quarter: Int!, $deadline: String!) {
  setReportingDeadline(regionId: $regionId, year: $year, quarter: $quarter, deadline: $deadline) { deadline defaultDeadline deadlinePassed closed } }`;
const CLOSE = `mutation($regionId: ID!, $year: Int!, $quarter: Int!) { closeReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { closed closedAt deadline } }`;
const REOPEN_PERIOD = `mutation($regionId: ID!, $year: Int!, $quarter: Int!) { reopenReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { closed closedAt } }`;
const LATE = `query($schoolId: ID!, $year: Int!, $quarter: Int!) { quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {
  id status version submittedLate allowedActions } }`;

// A real API over HTTP and a real database: give a loaded machine time.
jest.setTimeout(120_000);

/** Reporting periods: deadlines per region and quarter, late flags, closing. Past quarters (2024) are past their default deadline. */
describe('reporting periods (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let other: OrgFixture;
  let t: { curator: string; coordinator: string; authority: string; admin: string; otherAuthority: string };
  let school: string;

  beforeAll(async () => {
    platform = await startPlatform();
    org = await createOrg(platform, 'QRP', 1);
    other = await createOrg(platform, 'QRPOTHER', 1);
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    t = {
      curator: await login(org.curators[0]!.email),
      coordinator: await login(org.coordinator.email),
      authority: await login(org.authority.email),
      admin: await platform.adminToken(),
      otherAuthority: await login(other.authority.email),
    };
    school = org.schoolIds[0]!;
  });
  afterAll(() => platform?.close());

  const period = (year: number, quarter: number) => ({ regionId: org.regionId, year, quarter });
  const create = async (year: number, quarter: number) => {
    const result = await platform.gql(SAVE, { input: { schoolId: school, year, quarter, figures: completeFigures() } }, t.curator);
    expect(result.errors).toBeUndefined();
    return result.data.saveQuarterlyReport as { id: string; version: number };
  };

  it('defaults the deadline to the 10th day of the month after the quarter, readable by everyone in the region', async () => {
    const read = await platform.gql(PERIOD, period(2024, 4), t.curator);
    expect(read.data.reportingPeriod).toEqual({
      regionId: org.regionId,
      year: 2024,
      quarter: 4,
      deadline: '2025-01-10',
      defaultDeadline: true,
      deadlinePassed: true,
      closed: false,
      closedAt: null,
    });
    expect((await platform.gql(PERIOD, period(2099, 2), t.coordinator)).data.reportingPeriod).toMatchObject({
      deadline: '2099-07-10',
      deadlinePassed: false,
    });
    expect(errorCode(await platform.gql(PERIOD, period(2024, 4), t.otherAuthority))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(PERIOD, { ...period(2024, 4), regionId: 'a3c9d1e2-5b4f-4a6e-8d7c-9f0e1d2c3b4a' }, t.admin))).toBe(
      'NOT_FOUND',
    );
  });

  it('flags a submission after the deadline as late, and follows the deadline the region set', async () => {
    const late = await create(2024, 1);
    expect((await platform.gql(SUBMIT, { id: late.id, expectedVersion: 1 }, t.curator)).data.submitQuarterlyReport.status).toBe(
      'SUBMITTED',
    );
    expect((await platform.gql(LATE, { schoolId: school, year: 2024, quarter: 1 }, t.coordinator)).data.quarterlyReport.submittedLate).toBe(
      true,
    );

    const moved = await platform.gql(SET_DEADLINE, { ...period(2024, 2), deadline: '2999-12-31' }, t.authority);
    expect(moved.data.setReportingDeadline).toEqual({
      deadline: '2999-12-31',
      defaultDeadline: false,
      deadlinePassed: false,
      closed: false,
    });
    const onTime = await create(2024, 2);
    await platform.gql(SUBMIT, { id: onTime.id, expectedVersion: 1 }, t.curator);
    expect((await platform.gql(LATE, { schoolId: school, year: 2024, quarter: 2 }, t.curator)).data.quarterlyReport.submittedLate).toBe(
      false,
    );

    const onFuture = await create(2099, 3);
    await platform.gql(SUBMIT, { id: onFuture.id, expectedVersion: 1 }, t.curator);
    expect((await platform.gql(LATE, { schoolId: school, year: 2099, quarter: 3 }, t.curator)).data.quarterlyReport.submittedLate).toBe(
      false,
    );
  });

  it('lets only the authority of the region or an admin set deadlines, and only sensible ones', async () => {
    const before = await storedCounts(platform);
    const args = { ...period(2030, 1), deadline: '2030-04-20' };
    expect(errorCode(await platform.gql(SET_DEADLINE, args, t.coordinator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SET_DEADLINE, args, t.curator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SET_DEADLINE, args, t.otherAuthority))).toBe('FORBIDDEN');
    for (const deadline of ['2030-02-30', '20.04.2030', '2030-03-30']) {
      const refused = await platform.gql(SET_DEADLINE, { ...args, deadline }, t.authority);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(refused)).toEqual(['deadline']);
    }
    expect(errorCode(await platform.gql(SET_DEADLINE, { ...args, quarter: 5 }, t.authority))).toBe('BAD_USER_INPUT');
    expect(await storedCounts(platform)).toEqual(before);
    expect((await platform.gql(SET_DEADLINE, args, t.admin)).data.setReportingDeadline.deadline).toBe('2030-04-20');
    expect((await platform.gql(PERIOD, period(2030, 1), t.curator)).data.reportingPeriod).toMatchObject({
      deadline: '2030-04-20',
      defaultDeadline: false,
    });
  });

  it('closes a period only after its deadline, and only for its authority or an admin', async () => {
    expect(errorCode(await platform.gql(CLOSE, period(2099, 1), t.authority))).toBe('CONFLICT');
    expect(errorCode(await platform.gql(CLOSE, period(2024, 3), t.coordinator))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(CLOSE, period(2024, 3), t.otherAuthority))).toBe('FORBIDDEN');
    expect(await platform.sql(`SELECT 1 FROM reporting_periods WHERE region_id = $1`, [other.regionId])).toEqual([]);
    expect(await platform.sql(`SELECT 1 FROM reporting_periods WHERE region_id = $1 AND year = 2099`, [org.regionId])).toEqual([]);
  });

  it('refuses every change to the reports of a closed period, naming the period, until it is reopened', async () => {
    const year = 2024;
    const quarter = 3;
    const draft = await create(year, quarter);
    // Another report of the same period waiting for a decision, in a second school of the region's district.
    const [school2] = await platform.sql(
      `INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-QRP-2', 'Школа 2') RETURNING id`,
      [org.regionId, org.districtId],
    );
    const admin = t.admin;
    const submitted = (await platform.gql(SAVE, { input: { schoolId: school2.id, year, quarter, figures: completeFigures() } }, admin)).data
      .saveQuarterlyReport;
    await platform.gql(SUBMIT, { id: submitted.id, expectedVersion: 1 }, admin);

    const closed = await platform.gql(CLOSE, period(year, quarter), t.authority);
    expect(closed.data.closeReportingPeriod).toMatchObject({ closed: true, deadline: '2024-10-10' });
    expect(closed.data.closeReportingPeriod.closedAt).toEqual(expect.any(String));
    expect(errorCode(await platform.gql(CLOSE, period(year, quarter), t.authority))).toBe('CONFLICT');

    const before = await storedCounts(platform);
    const refusals = [
      await platform.gql(
        SAVE,
        { input: { schoolId: school, year, quarter, expectedVersion: 1, figures: completeFigures({ PAIRS: 1 }) } },
        t.curator,
      ),
      await platform.gql(SUBMIT, { id: draft.id, expectedVersion: 1 }, t.curator),
      await platform.gql(APPROVE, { id: submitted.id, expectedVersion: 2 }, t.coordinator),
      await platform.gql(RETURN, { id: submitted.id, expectedVersion: 2, comment: 'x' }, t.coordinator),
      await platform.gql(SAVE, { input: { schoolId: school2.id, year, quarter: 3, figures: completeFigures() } }, admin),
    ];
    for (const refused of refusals) {
      expect(errorCode(refused)).toBe('CONFLICT');
      expect(refused.errors![0]!.extensions).toMatchObject({ reason: 'PERIOD_CLOSED', period: { regionId: org.regionId, year, quarter } });
      expect(refused.errors![0]!.message).toMatch(/2024 Q3 is closed/);
    }
    // A new report in the closed period is refused too.
    const [nextSchool] = await platform.sql(
      `INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-QRP-3', 'Школа 3') RETURNING id`,
      [org.regionId, org.districtId],
    );
    expect(
      errorCode(await platform.gql(SAVE, { input: { schoolId: nextSchool.id, year, quarter, figures: completeFigures() } }, admin)),
    ).toBe('CONFLICT');
    expect(await storedCounts(platform)).toEqual(before);
    expect((await platform.gql(LATE, { schoolId: school, year, quarter }, t.curator)).data.quarterlyReport.allowedActions).toEqual([]);
    expect(errorCode(await platform.gql(SET_DEADLINE, { ...period(year, quarter), deadline: '2024-12-01' }, t.authority))).toBe('CONFLICT');

    expect((await platform.gql(REOPEN_PERIOD, period(year, quarter), t.authority)).data.reopenReportingPeriod).toEqual({
      closed: false,
      closedAt: null,
    });
    expect(errorCode(await platform.gql(REOPEN_PERIOD, period(year, quarter), t.authority))).toBe('CONFLICT');
    expect((await platform.gql(LATE, { schoolId: school, year, quarter }, t.curator)).data.quarterlyReport.allowedActions).toEqual([
      'SAVE',
      'SUBMIT',
    ]);
    const approved = await platform.gql(APPROVE, { id: submitted.id, expectedVersion: 2 }, t.coordinator);
    expect(approved.data.approveQuarterlyReport.status).toBe('APPROVED');

    const audits = await platform.sql(
      `SELECT operation FROM audit_log WHERE operation LIKE 'reportingPeriod.%' AND region_id = $1 ORDER BY id`,
      [org.regionId],
    );
    expect(audits.map((a) => a.operation)).toEqual([
      'reportingPeriod.setDeadline',
      'reportingPeriod.setDeadline',
      'reportingPeriod.close',
      'reportingPeriod.reopen',
    ]);
  });

  it('closes a period and reopens decisions only inside the window: reopening an approved report in a closed period is refused', async () => {
    const year = 2024;
    const quarter = 4;
    const report = await create(year, quarter);
    await platform.gql(SUBMIT, { id: report.id, expectedVersion: 1 }, t.curator);
    await platform.gql(APPROVE, { id: report.id, expectedVersion: 2 }, t.coordinator);
    await platform.gql(CLOSE, period(year, quarter), t.admin);
    const refused = await platform.gql(REOPEN, { id: report.id, expectedVersion: 3, comment: 'исправить' }, t.coordinator);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0]!.extensions).toMatchObject({ reason: 'PERIOD_CLOSED' });
  });
});
