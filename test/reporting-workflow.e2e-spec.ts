import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';
import { APPROVE, completeFigures, fieldsOf, REOPEN, RETURN, SAVE, SUBMIT } from './quarterly-report.helpers';

const DISTRICT_QUARTER = `query DistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
    state version comment missingSchools { schoolId code } revisions { version action state comment authorRole } } }`;
const SIGN_OFF = `mutation SignOffDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  signOffDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) { state version missingSchools { schoolId code name } } }`;
const ACCEPT = `mutation AcceptDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  acceptDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) { state version } }`;
const SEND_BACK = `mutation SendBackDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!, $comment: String!) {
  sendBackDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter, comment: $comment) { state version comment } }`;
const GRANT = `mutation GrantReportingExtension($input: GrantReportingExtensionInput!) {
  grantReportingExtension(input: $input) { id schoolId until reason inForce revokedAt } }`;
const REVOKE = `mutation($schoolId: ID!, $year: Int!, $quarter: Int!) {
  revokeReportingExtension(schoolId: $schoolId, year: $year, quarter: $quarter) { id inForce revokedAt } }`;
const EXTENSIONS = `query($districtId: ID, $regionId: ID, $year: Int!, $quarter: Int!) {
  reportingExtensions(districtId: $districtId, regionId: $regionId, year: $year, quarter: $quarter) { id schoolId schoolCode until inForce } }`;
const CLOSE = `mutation CloseReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
  closeReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { closed } }`;
const REPORT = `query($schoolId: ID!, $year: Int!, $quarter: Int!) { quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {
  id status version submittedLate allowedActions } }`;
const COMPLETENESS = `query ReportingCompleteness($regionId: ID!, $year: Int!, $quarter: Int!) {
  reportingCompleteness(regionId: $regionId, year: $year, quarter: $quarter) {
    expected submitted onTime approved submittedRate onTimeRate deadline
    districts { district { id } expected submitted onTime approved submittedRate onTimeRate } } }`;
const TREND = `query($districtId: ID!, $year: Int!, $quarter: Int!, $quarters: Int) {
  districtCompletenessTrend(districtId: $districtId, year: $year, quarter: $quarter, quarters: $quarters) {
    year quarter expected submitted onTime approved submittedRate onTimeRate } }`;
const UPDATE_SCHOOL = `mutation UpdateSchool($input: UpdateSchoolInput!) { updateSchool(input: $input) { id active } }`;

// A real API over HTTP and a real database: give a loaded machine time.
jest.setTimeout(180_000);

/** Sign-off up the hierarchy, extensions into a closed quarter, completeness (issue 19). */
describe('reporting workflow (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let t: { curators: string[]; coordinator: string; authority: string; admin: string };

  beforeAll(async () => {
    platform = await startPlatform();
    org = await createOrg(platform, 'RW', 3);
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    t = {
      curators: await Promise.all(org.curators.map((c) => login(c.email))),
      coordinator: await login(org.coordinator.email),
      authority: await login(org.authority.email),
      admin: await platform.adminToken(),
    };
  });
  afterAll(() => platform?.close());

  const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
    const result = await platform.gql(query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data;
  };
  const saveAs = async (i: number, year: number, quarter: number) =>
    (await ok(SAVE, { input: { schoolId: org.schoolIds[i], year, quarter, figures: completeFigures() } }, t.curators[i]!))
      .saveQuarterlyReport as {
      id: string;
      version: number;
    };
  const submitted = async (i: number, year: number, quarter: number) => {
    const saved = await saveAs(i, year, quarter);
    return (await ok(SUBMIT, { id: saved.id, expectedVersion: saved.version }, t.curators[i]!)).submitQuarterlyReport as {
      id: string;
      version: number;
    };
  };
  const approved = async (i: number, year: number, quarter: number) => {
    const report = await submitted(i, year, quarter);
    return (await ok(APPROVE, { id: report.id, expectedVersion: report.version }, t.coordinator)).approveQuarterlyReport as {
      id: string;
      version: number;
    };
  };

  it('runs the chain: approve all → sign off → changes refused → accept → send back → reopen works again', async () => {
    const [year, quarter] = [2025, 2];
    const key = { districtId: org.districtId, year, quarter };
    const first = await approved(0, year, quarter);
    const waiting = await submitted(1, year, quarter);
    // School 3 never reports: it is recorded as missing.

    expect((await ok(DISTRICT_QUARTER, key, t.coordinator)).districtQuarter).toEqual({
      state: 'OPEN',
      version: 0,
      comment: null,
      missingSchools: [],
      revisions: [],
    });
    const refused = await platform.gql(SIGN_OFF, key, t.coordinator);
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors![0]!.extensions).toMatchObject({
      reason: 'REPORTS_AWAITING_DECISION',
      schools: [{ id: org.schoolIds[1], code: 'S-RW-2' }],
    });
    expect(await platform.sql(`SELECT 1 FROM district_quarters WHERE district_id = $1`, [org.districtId])).toEqual([]);

    const second = (await ok(APPROVE, { id: waiting.id, expectedVersion: waiting.version }, t.coordinator)).approveQuarterlyReport;
    expect(errorCode(await platform.gql(SIGN_OFF, key, t.curators[0]!))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SIGN_OFF, key, t.authority))).toBe('FORBIDDEN');
    const signed = (await ok(SIGN_OFF, key, t.coordinator)).signOffDistrictQuarter;
    expect(signed).toEqual({
      state: 'SIGNED_OFF',
      version: 1,
      missingSchools: [{ schoolId: org.schoolIds[2], code: 'S-RW-3', name: 'Школа № 3 (RW)' }],
    });
    expect(errorCode(await platform.gql(SIGN_OFF, key, t.coordinator))).toBe('CONFLICT');

    // Nothing of the district's quarter changes now: no reopen, no new report, no save.
    const reopenRefused = await platform.gql(REOPEN, { id: first.id, expectedVersion: first.version, comment: 'исправить' }, t.coordinator);
    expect(errorCode(reopenRefused)).toBe('CONFLICT');
    expect(reopenRefused.errors![0]!.extensions).toMatchObject({ reason: 'DISTRICT_QUARTER_SIGNED_OFF', state: 'SIGNED_OFF' });
    const newReport = await platform.gql(
      SAVE,
      { input: { schoolId: org.schoolIds[2], year, quarter, figures: completeFigures() } },
      t.curators[2]!,
    );
    expect(newReport.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DISTRICT_QUARTER_SIGNED_OFF' });
    expect((await ok(REPORT, { schoolId: org.schoolIds[0], year, quarter }, t.coordinator)).quarterlyReport.allowedActions).toEqual([]);
    // Another quarter of the same district is not affected.
    await saveAs(2, year, 1);

    expect(errorCode(await platform.gql(ACCEPT, key, t.coordinator))).toBe('FORBIDDEN');
    expect((await ok(ACCEPT, key, t.authority)).acceptDistrictQuarter).toEqual({ state: 'ACCEPTED', version: 2 });
    expect(errorCode(await platform.gql(ACCEPT, key, t.authority))).toBe('CONFLICT');
    const stillLocked = await platform.gql(REOPEN, { id: second.id, expectedVersion: second.version, comment: 'исправить' }, t.coordinator);
    expect(stillLocked.errors![0]!.extensions).toMatchObject({ reason: 'DISTRICT_QUARTER_SIGNED_OFF', state: 'ACCEPTED' });

    const blank = await platform.gql(SEND_BACK, { ...key, comment: '  ' }, t.authority);
    expect(errorCode(blank)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(blank)).toEqual(['comment']);
    expect(errorCode(await platform.gql(SEND_BACK, { ...key, comment: 'нет школы 3' }, t.coordinator))).toBe('FORBIDDEN');
    expect((await ok(SEND_BACK, { ...key, comment: 'нет школы 3' }, t.authority)).sendBackDistrictQuarter).toEqual({
      state: 'OPEN',
      version: 3,
      comment: 'нет школы 3',
    });
    expect(errorCode(await platform.gql(SEND_BACK, { ...key, comment: 'ещё раз' }, t.authority))).toBe('CONFLICT');

    const reopened = (await ok(REOPEN, { id: first.id, expectedVersion: first.version, comment: 'исправить' }, t.coordinator))
      .reopenQuarterlyReport;
    expect(reopened.status).toBe('RETURNED');

    const read = (await ok(DISTRICT_QUARTER, key, t.authority)).districtQuarter;
    expect(read).toMatchObject({
      state: 'OPEN',
      version: 3,
      comment: 'нет школы 3',
      missingSchools: [{ schoolId: org.schoolIds[2], code: 'S-RW-3' }],
    });
    expect(read.revisions).toEqual([
      { version: 1, action: 'SIGN_OFF', state: 'SIGNED_OFF', comment: null, authorRole: 'DISTRICT_COORDINATOR' },
      { version: 2, action: 'ACCEPT', state: 'ACCEPTED', comment: null, authorRole: 'AUTHORITY' },
      { version: 3, action: 'SEND_BACK', state: 'OPEN', comment: 'нет школы 3', authorRole: 'AUTHORITY' },
    ]);
    const audits = await platform.sql(
      `SELECT operation FROM audit_log WHERE operation LIKE 'districtQuarter.%' AND district_id = $1 ORDER BY id`,
      [org.districtId],
    );
    expect(audits.map((a) => a.operation)).toEqual(['districtQuarter.signOff', 'districtQuarter.accept', 'districtQuarter.sendBack']);
    expect(errorCode(await platform.gql(DISTRICT_QUARTER, key, t.curators[0]!))).toBe('FORBIDDEN');
  });

  it('lets exactly the school with an extension into a closed quarter, until its last day', async () => {
    const [year, quarter] = [2025, 3];
    const drafts = [await saveAs(0, year, quarter), await saveAs(1, year, quarter)];
    expect((await ok(CLOSE, { regionId: org.regionId, year, quarter }, t.authority)).closeReportingPeriod.closed).toBe(true);

    const input = { schoolId: org.schoolIds[0], year, quarter, until: '2099-12-31', reason: 'болезнь куратора' };
    expect(errorCode(await platform.gql(GRANT, { input }, t.curators[0]!))).toBe('FORBIDDEN');
    const past = await platform.gql(GRANT, { input: { ...input, until: '2020-01-01' } }, t.coordinator);
    expect(errorCode(past)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(past)).toEqual(['until']);
    expect(fieldsOf(await platform.gql(GRANT, { input: { ...input, reason: ' ' } }, t.coordinator))).toEqual(['reason']);
    const granted = (await ok(GRANT, { input }, t.coordinator)).grantReportingExtension;
    expect(granted).toMatchObject({
      schoolId: org.schoolIds[0],
      until: '2099-12-31',
      reason: 'болезнь куратора',
      inForce: true,
      revokedAt: null,
    });

    // The school with the extension saves, submits (still late) and is approved; its neighbour is refused.
    expect((await ok(REPORT, { schoolId: org.schoolIds[0], year, quarter }, t.curators[0]!)).quarterlyReport.allowedActions).toEqual([
      'SAVE',
      'SUBMIT',
    ]);
    expect((await ok(REPORT, { schoolId: org.schoolIds[1], year, quarter }, t.curators[1]!)).quarterlyReport.allowedActions).toEqual([]);
    const saved = (
      await ok(
        SAVE,
        {
          input: { schoolId: org.schoolIds[0], year, quarter, expectedVersion: drafts[0]!.version, figures: completeFigures({ PAIRS: 3 }) },
        },
        t.curators[0]!,
      )
    ).saveQuarterlyReport;
    const sent = (await ok(SUBMIT, { id: saved.id, expectedVersion: saved.version }, t.curators[0]!)).submitQuarterlyReport;
    const decided = (await ok(APPROVE, { id: sent.id, expectedVersion: sent.version }, t.coordinator)).approveQuarterlyReport;
    expect(decided.status).toBe('APPROVED');
    expect((await ok(REPORT, { schoolId: org.schoolIds[0], year, quarter }, t.coordinator)).quarterlyReport.submittedLate).toBe(true);
    const neighbour = await platform.gql(
      SAVE,
      { input: { schoolId: org.schoolIds[1], year, quarter, expectedVersion: drafts[1]!.version, figures: completeFigures() } },
      t.curators[1]!,
    );
    expect(neighbour.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PERIOD_CLOSED' });
    const newcomer = await platform.gql(
      SAVE,
      { input: { schoolId: org.schoolIds[2], year, quarter, figures: completeFigures() } },
      t.curators[2]!,
    );
    expect(newcomer.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PERIOD_CLOSED' });

    const listed = (await ok(EXTENSIONS, { districtId: org.districtId, year, quarter }, t.coordinator)).reportingExtensions;
    expect(listed).toEqual([{ id: granted.id, schoolId: org.schoolIds[0], schoolCode: 'S-RW-1', until: '2099-12-31', inForce: true }]);
    expect((await ok(EXTENSIONS, { regionId: org.regionId, year, quarter }, t.authority)).reportingExtensions).toHaveLength(1);
    expect(errorCode(await platform.gql(EXTENSIONS, { regionId: org.regionId, year, quarter }, t.coordinator))).toBe('FORBIDDEN');

    // After its last day the extension no longer opens anything.
    await platform.sql(`UPDATE reporting_extensions SET until = (now() AT TIME ZONE 'Europe/Moscow')::date - 1 WHERE id = $1`, [
      granted.id,
    ]);
    const expired = await platform.gql(REOPEN, { id: decided.id, expectedVersion: decided.version, comment: 'исправить' }, t.coordinator);
    expect(expired.errors![0]!.extensions).toMatchObject({ reason: 'PERIOD_CLOSED' });

    // A new grant replaces the old one; revoking closes the school again.
    const again = (await ok(GRANT, { input: { ...input, until: '2099-06-30' } }, t.authority)).grantReportingExtension;
    const all = (await ok(EXTENSIONS, { districtId: org.districtId, year, quarter }, t.coordinator)).reportingExtensions;
    expect(all.map((e: { id: string; inForce: boolean }) => [e.id, e.inForce])).toEqual([
      [again.id, true],
      [granted.id, false],
    ]);
    const revoked = (await ok(REVOKE, { schoolId: org.schoolIds[0], year, quarter }, t.coordinator)).revokeReportingExtension;
    expect(revoked).toMatchObject({ id: again.id, inForce: false });
    expect(errorCode(await platform.gql(REVOKE, { schoolId: org.schoolIds[0], year, quarter }, t.coordinator))).toBe('NOT_FOUND');
    const afterRevoke = await platform.gql(
      REOPEN,
      { id: decided.id, expectedVersion: decided.version, comment: 'исправить' },
      t.coordinator,
    );
    expect(afterRevoke.errors![0]!.extensions).toMatchObject({ reason: 'PERIOD_CLOSED' });

    const audits = await platform.sql(
      `SELECT operation FROM audit_log WHERE operation LIKE 'reportingExtension.%' AND school_id = $1 ORDER BY id`,
      [org.schoolIds[0]],
    );
    expect(audits.map((a) => a.operation)).toEqual(['reportingExtension.grant', 'reportingExtension.grant', 'reportingExtension.revoke']);
  });

  it('counts completeness with a school closed before and one closed during the quarter, never over 100 %', async () => {
    const c = await createOrg(platform, 'RWC', 4);
    const [year, quarter] = [2026, 2];
    const admin = t.admin;
    const [districtB] = await platform.sql(`INSERT INTO districts (region_id, code, name) VALUES ($1, 'D-RWC-B', 'Район Б') RETURNING id`, [
      c.regionId,
    ]);
    await platform.sql(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, 'S-RWC-B1', 'Школа Б1')`, [
      c.regionId,
      districtB.id,
    ]);
    const [districtC] = await platform.sql(
      `INSERT INTO districts (region_id, code, name) VALUES ($1, 'D-RWC-C', 'Район без школ') RETURNING id`,
      [c.regionId],
    );

    const report = async (i: number) => {
      const saved = (await ok(SAVE, { input: { schoolId: c.schoolIds[i], year, quarter, figures: completeFigures() } }, admin))
        .saveQuarterlyReport;
      return (await ok(SUBMIT, { id: saved.id, expectedVersion: saved.version }, admin)).submitQuarterlyReport as {
        id: string;
        version: number;
      };
    };
    const onTimeFirstSubmit = (reportId: string) =>
      platform.sql(`UPDATE quarterly_report_revisions SET created_at = '2026-07-05 10:00+03' WHERE report_id = $1 AND action = 'SUBMIT'`, [
        reportId,
      ]);
    // School 1: first submitted on time, approved.
    const r1 = await report(0);
    await onTimeFirstSubmit(r1.id);
    const coordinatorC = await platform.login(c.coordinator.email, FIXTURE_PASSWORD);
    await ok(APPROVE, { id: r1.id, expectedVersion: r1.version }, coordinatorC);
    // School 2: submitted late (now, after the default deadline 2026-07-10).
    await report(1);
    // School 3: first submitted on time, returned, submitted again late — still on time; then closed during the quarter.
    const r3 = await report(2);
    await onTimeFirstSubmit(r3.id);
    const returned = (await ok(RETURN, { id: r3.id, expectedVersion: r3.version, comment: 'исправить' }, coordinatorC))
      .returnQuarterlyReport;
    await ok(SUBMIT, { id: returned.id, expectedVersion: returned.version }, admin);
    // School 4: a report, but the school closed before the quarter began — not expected, not counted.
    await report(3);
    await platform.sql(`UPDATE schools SET active = false, deactivated_on = '2026-05-20' WHERE id = $1`, [c.schoolIds[2]]);
    await platform.sql(`UPDATE schools SET active = false, deactivated_on = '2026-03-15' WHERE id = $1`, [c.schoolIds[3]]);

    const authorityC = await platform.login(c.authority.email, FIXTURE_PASSWORD);
    const completeness = (await ok(COMPLETENESS, { regionId: c.regionId, year, quarter }, authorityC)).reportingCompleteness;
    expect(completeness).toEqual({
      expected: 4,
      submitted: 3,
      onTime: 2,
      approved: 1,
      submittedRate: 75,
      onTimeRate: 50,
      deadline: '2026-07-10',
      districts: [
        { district: { id: c.districtId }, expected: 3, submitted: 3, onTime: 2, approved: 1, submittedRate: 100, onTimeRate: 66.7 },
        { district: { id: districtB.id }, expected: 1, submitted: 0, onTime: 0, approved: 0, submittedRate: 0, onTimeRate: 0 },
        { district: { id: districtC.id }, expected: 0, submitted: 0, onTime: 0, approved: 0, submittedRate: null, onTimeRate: null },
      ],
    });
    expect(errorCode(await platform.gql(COMPLETENESS, { regionId: c.regionId, year, quarter }, coordinatorC))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(COMPLETENESS, { regionId: c.regionId, year, quarter }, t.authority))).toBe('FORBIDDEN');

    // The district's trend: in Q1 both closed schools were still expected (closed on 15 March and 20 May).
    const trend = (await ok(TREND, { districtId: c.districtId, year, quarter, quarters: 2 }, coordinatorC)).districtCompletenessTrend;
    expect(trend).toEqual([
      { year: 2026, quarter: 1, expected: 4, submitted: 0, onTime: 0, approved: 0, submittedRate: 0, onTimeRate: 0 },
      { year: 2026, quarter: 2, expected: 3, submitted: 3, onTime: 2, approved: 1, submittedRate: 100, onTimeRate: 66.7 },
    ]);
    // Signing Q1 off records every school expected then without an approved report: all four were still working.
    const signed = (await ok(SIGN_OFF, { districtId: c.districtId, year, quarter: 1 }, coordinatorC)).signOffDistrictQuarter;
    expect(signed.missingSchools.map((s: { code: string }) => s.code)).toEqual(['S-RWC-1', 'S-RWC-2', 'S-RWC-3', 'S-RWC-4']);
    expect(errorCode(await platform.gql(SIGN_OFF, { districtId: c.districtId, year, quarter }, coordinatorC))).toBe('CONFLICT');
  });

  it('never leaves a signed-off quarter with a report waiting: a submit racing the sign-off loses one way or the other', async () => {
    for (const quarter of [1, 2, 3]) {
      const year = 2023;
      const key = { districtId: org.districtId, year, quarter };
      const draft = await saveAs(1, year, quarter);
      const [submit, signOff] = await Promise.all([
        platform.gql(SUBMIT, { id: draft.id, expectedVersion: draft.version }, t.curators[1]!),
        platform.gql(SIGN_OFF, key, t.coordinator),
      ]);
      // Exactly one of them wins.
      expect([submit.errors === undefined, signOff.errors === undefined].filter(Boolean)).toHaveLength(1);
      if (signOff.errors) expect(signOff.errors[0]!.extensions).toMatchObject({ reason: 'REPORTS_AWAITING_DECISION' });
      else expect(submit.errors![0]!.extensions).toMatchObject({ reason: 'DISTRICT_QUARTER_SIGNED_OFF' });
      const [state] = await platform.sql(
        `SELECT coalesce((SELECT state FROM district_quarters WHERE district_id = $1 AND year = $2 AND quarter = $3), 'OPEN') AS quarter_state,
                (SELECT status FROM quarterly_reports WHERE id = $4) AS report_status`,
        [org.districtId, year, quarter, draft.id],
      );
      if (state.quarter_state === 'SIGNED_OFF') expect(state.report_status).toBe('DRAFT');
      else expect(state).toEqual({ quarter_state: 'OPEN', report_status: 'SUBMITTED' });
    }
  });

  it('dates a school’s deactivation through updateSchool, and clears it when the school is active again', async () => {
    const school = org.schoolIds[2]!;
    expect((await ok(UPDATE_SCHOOL, { input: { id: school, active: false } }, t.admin)).updateSchool).toEqual({
      id: school,
      active: false,
    });
    const [closed] = await platform.sql(
      `SELECT deactivated_on::text AS d, (now() AT TIME ZONE 'Europe/Moscow')::date::text AS today FROM schools WHERE id = $1`,
      [school],
    );
    expect(closed.d).toBe(closed.today);
    await ok(UPDATE_SCHOOL, { input: { id: school, active: true } }, t.admin);
    expect((await platform.sql(`SELECT deactivated_on FROM schools WHERE id = $1`, [school]))[0].deactivated_on).toBeNull();
  });
});
