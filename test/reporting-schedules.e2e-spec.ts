import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ReportingWorkflowProcessor } from '../apps/worker/src/reporting-workflow/reporting-workflow.processor';
import { ReportingWorkflowScheduler } from '../apps/worker/src/reporting-workflow/reporting-workflow.scheduler';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';
import { completeFigures, SAVE, SUBMIT } from './quarterly-report.helpers';

const SET_DEADLINE = `mutation($regionId: ID!, $year: Int!, $quarter: Int!, $deadline: String!) {
  setReportingDeadline(regionId: $regionId, year: $year, quarter: $quarter, deadline: $deadline) { deadline } }`;
const SETTINGS = `query($regionId: ID!) { regionReportingSettings(regionId: $regionId) { regionId autoCloseDays reminderDaysBefore version } }`;
const SET_SETTINGS = `mutation($input: SetRegionReportingSettingsInput!) { setRegionReportingSettings(input: $input) { autoCloseDays reminderDaysBefore version } }`;
const NOTIFICATIONS = `query { notifications { id kind schoolId schoolName year quarter deadline readAt } unreadNotificationCount }`;
const MARK_READ = `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;

interface ReceivedMail {
  to: string[];
  raw: string;
}

// A real API, worker, database and SMTP server: give a loaded machine time.
jest.setTimeout(180_000);

/** Automatic closing of quarters and deadline reminders (issue 19): the worker's scheduled jobs. */
describe('reporting schedules: expiry and reminders (e2e)', () => {
  let platform: Platform;
  let smtp: SMTPServer;
  const received: ReceivedMail[] = [];
  let today: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    platform = await startPlatform({ worker: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'monitor@test.local' } });
    [{ today }] = await platform.sql(`SELECT (now() AT TIME ZONE 'Europe/Moscow')::date::text AS today`);
  });
  afterAll(async () => {
    await platform?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  /** The quarter before today's: its last day is past, so any deadline from today on is valid for it. */
  const previousQuarter = () => {
    const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    const current = Math.ceil(m / 3);
    const [year, quarter] = current === 1 ? [y - 1, 4] : [y, current - 1];
    const lastDay = new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
    return { year, quarter, lastDay };
  };
  const scheduler = () => platform.app.get(ReportingWorkflowScheduler);
  const finished = async (ids: string[]) => {
    for (let i = 0; i < 300; i++) {
      const rows = await platform.sql<{ state: string }>(`SELECT state FROM job_runs WHERE id = ANY($1::uuid[])`, [ids]);
      if (rows.length === ids.length && rows.every((r) => r.state === 'COMPLETED' || r.state === 'FAILED')) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the jobs did not finish');
  };

  it('reminds, in the app and by e-mail exactly once, the active curators of schools without a submitted report', async () => {
    const org: OrgFixture = await createOrg(platform, 'REM', 3);
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    const [curator1, , curator3] = await Promise.all(org.curators.map((c) => login(c.email)));
    const authority = await login(org.authority.email);
    // The previous quarter: its deadline two days from now, within the default three-day lead.
    const { year, quarter } = previousQuarter();
    const deadline = addDays(today, 2);
    expect((await platform.gql(SET_DEADLINE, { regionId: org.regionId, year, quarter, deadline }, authority)).errors).toBeUndefined();
    // School 1 has submitted; school 2's curator is deactivated; school 3 has only a draft.
    const saved = (await platform.gql(SAVE, { input: { schoolId: org.schoolIds[0], year, quarter, figures: completeFigures() } }, curator1))
      .data.saveQuarterlyReport;
    await platform.gql(SUBMIT, { id: saved.id, expectedVersion: saved.version }, curator1);
    await platform.gql(SAVE, { input: { schoolId: org.schoolIds[2], year, quarter, figures: completeFigures() } }, curator3);
    await platform.sql(`UPDATE users SET active = false WHERE id = $1`, [org.curators[1]!.id]);

    const runs = (await scheduler().recordDue()).filter((r) => r.regionId === org.regionId);
    expect(runs.map((r) => r.dedupKey)).toEqual([`reporting:reminders:${org.regionId}:${year}:${quarter}:DEADLINE_SOON`]);
    expect((await finished(runs.map((r) => r.id))).map((r) => r.state)).toEqual(['COMPLETED']);
    const [run] = await platform.sql(`SELECT result, region_id FROM job_runs WHERE id = $1`, [runs[0]!.id]);
    expect(run).toEqual({ result: { notified: 1, emailed: 1, failed: 0 }, region_id: org.regionId });

    expect(received.map((m) => m.to)).toEqual([[org.curators[2]!.email]]);
    expect(received[0]!.raw).toMatch(/^From: monitor@test\.local/m);
    const stored = await platform.sql(`SELECT user_id, kind, email_state FROM notifications`);
    expect(stored).toEqual([{ user_id: org.curators[2]!.id, kind: 'DEADLINE_SOON', email_state: 'SENT' }]);

    // Nothing is sent twice: the scheduler records no second round, and a redelivered job finds the reminder recorded.
    expect((await scheduler().recordDue()).filter((r) => r.regionId === org.regionId)).toEqual([]);
    const again = await platform.app
      .get(ReportingWorkflowProcessor)
      .remind(
        { scope: { regionId: org.regionId, districtId: null, schoolId: null }, year, quarter, kind: 'DEADLINE_SOON', deadline },
        { run: { id: runs[0]!.id } as never, progress: async () => undefined },
      );
    expect(again).toEqual({ notified: 0, emailed: 0, failed: 0 });
    expect(received).toHaveLength(1);

    // In the web app: the curator's list with its unread count.
    const mine = await platform.gql(NOTIFICATIONS, {}, curator3);
    expect(mine.data).toEqual({
      notifications: [
        {
          id: expect.any(String),
          kind: 'DEADLINE_SOON',
          schoolId: org.schoolIds[2],
          schoolName: 'Школа № 3 (REM)',
          year,
          quarter,
          deadline,
          readAt: null,
        },
      ],
      unreadNotificationCount: 1,
    });
    expect((await platform.gql(NOTIFICATIONS, {}, curator1)).data).toEqual({ notifications: [], unreadNotificationCount: 0 });
    const foreign = await platform.gql(MARK_READ, { ids: [mine.data.notifications[0].id] }, curator1);
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    expect((await platform.gql(MARK_READ, { ids: [mine.data.notifications[0].id] }, curator3)).data.markNotificationsRead).toBe(1);
    expect((await platform.gql(NOTIFICATIONS, {}, curator3)).data.unreadNotificationCount).toBe(0);
  });

  it("closes a region's quarters N days after their deadline, once, and only where the region asked for it", async () => {
    const org = await createOrg(platform, 'EXP', 1);
    const other = await createOrg(platform, 'EXPOFF', 1);
    const authority = await platform.login(org.authority.email, FIXTURE_PASSWORD);
    // The previous quarter closes 5 days after its deadline, set 3 days ago: not due yet. Q2 of last year is long due.
    const recent = previousQuarter();
    const year = Number(today.slice(0, 4)) - 1;
    expect((await platform.gql(SETTINGS, { regionId: org.regionId }, authority)).data.regionReportingSettings).toEqual({
      regionId: org.regionId,
      autoCloseDays: null,
      reminderDaysBefore: 3,
      version: 0,
    });
    expect(errorCode(await platform.gql(SETTINGS, { regionId: other.regionId }, authority))).toBe('FORBIDDEN');
    const input = { regionId: org.regionId, autoCloseDays: 5, reminderDaysBefore: 2, expectedVersion: 0 };
    expect((await platform.gql(SET_SETTINGS, { input }, authority)).data.setRegionReportingSettings).toEqual({
      autoCloseDays: 5,
      reminderDaysBefore: 2,
      version: 1,
    });
    expect(errorCode(await platform.gql(SET_SETTINGS, { input }, authority))).toBe('CONFLICT');
    expect(errorCode(await platform.gql(SET_SETTINGS, { input: { ...input, expectedVersion: 1, autoCloseDays: -1 } }, authority))).toBe(
      'BAD_USER_INPUT',
    );
    const recentDeadline = addDays(today, -3) < recent.lastDay ? recent.lastDay : addDays(today, -3);
    await platform.gql(
      SET_DEADLINE,
      { regionId: org.regionId, year: recent.year, quarter: recent.quarter, deadline: recentDeadline },
      authority,
    );

    const closeRuns = (await scheduler().recordDue()).filter(
      (r) => r.regionId === org.regionId && r.dedupKey.startsWith('reporting:auto-close:'),
    );
    expect(closeRuns.map((r) => r.dedupKey)).toContain(`reporting:auto-close:${org.regionId}:${year}:2`);
    expect(closeRuns.map((r) => r.dedupKey)).not.toContain(`reporting:auto-close:${org.regionId}:${recent.year}:${recent.quarter}`);
    await finished(closeRuns.map((r) => r.id));
    const closed = await platform.sql(
      `SELECT year, quarter FROM reporting_periods WHERE region_id = $1 AND closed_at IS NOT NULL ORDER BY year, quarter`,
      [org.regionId],
    );
    expect(closed).toContainEqual({ year, quarter: 2 });
    expect(closed).not.toContainEqual({ year: recent.year, quarter: recent.quarter });
    expect(closed).toHaveLength(closeRuns.length);
    expect(await platform.sql(`SELECT 1 FROM reporting_periods WHERE region_id = $1 AND closed_at IS NOT NULL`, [other.regionId])).toEqual(
      [],
    );
    const audits = await platform.sql(
      `SELECT actor_role, details->>'quarter' AS quarter FROM audit_log WHERE operation = 'reportingPeriod.autoClose' AND region_id = $1`,
      [org.regionId],
    );
    expect(audits).toHaveLength(closeRuns.length);
    expect(audits[0].actor_role).toBe('AUTHORITY');

    // Idempotent: no second run is recorded, and running the job again changes nothing.
    expect((await scheduler().recordDue()).filter((r) => r.regionId === org.regionId)).toEqual([]);
    const repeated = await platform.app
      .get(ReportingWorkflowProcessor)
      .autoClose({ scope: { regionId: org.regionId, districtId: null, schoolId: null }, year, quarter: 2 });
    expect(repeated).toMatchObject({ closed: false, skipped: 'ALREADY_CLOSED' });
    const notDue = await platform.app
      .get(ReportingWorkflowProcessor)
      .autoClose({ scope: { regionId: org.regionId, districtId: null, schoolId: null }, year: recent.year, quarter: recent.quarter });
    expect(notDue).toMatchObject({ closed: false, skipped: 'NOT_DUE' });
    expect(
      await platform.sql(`SELECT 1 FROM audit_log WHERE operation = 'reportingPeriod.autoClose' AND region_id = $1`, [org.regionId]),
    ).toHaveLength(closeRuns.length);
  });
});
