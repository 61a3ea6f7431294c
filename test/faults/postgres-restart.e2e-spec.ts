import { createOrg, FIXTURE_PASSWORD, OrgFixture } from '../harness/fixtures';
import { GraphqlResult } from '../harness/platform';
import { completeFigures, REPORT, SAVE } from '../quarterly-report.helpers';
import { IsolatedPlatform, startIsolatedPlatform } from './isolated-platform';

const YEAR = 2025;
const QUARTER = 1;
const ME = `query { me { id email } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms until it holds; fails the test after `timeoutMs` (a bound, not a measurement). */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Writer {
  token: string;
  schoolId: string;
  /** Saves the API acknowledged (200 with data), in order: version n is the n-th. */
  acknowledged: number;
  reportId?: string;
  unavailable: number;
}

/**
 * The database restarts while clients read and write. Meanwhile the API answers 503 with
 * SERVICE_UNAVAILABLE (never a 500, never a hang) and /health says so; when the server is back on
 * the same port the API serves again without being restarted, and clients that retried with
 * their idempotency keys end with exactly one revision per save they were told succeeded.
 */
describe('PostgreSQL restarted under load (fault)', () => {
  let platform: IsolatedPlatform;
  let org: OrgFixture;
  let coordinator: string;
  const statuses = new Map<number, number>();
  const unexpected: string[] = [];

  beforeAll(async () => {
    platform = await startIsolatedPlatform();
    org = await createOrg(platform, 'PGF', 7);
    coordinator = await platform.login(org.coordinator.email, FIXTURE_PASSWORD);
  }, 120_000);
  afterAll(() => platform?.close(), 60_000);

  /** Every answer is either a success or a clear, temporary refusal. */
  function observe(result: GraphqlResult): 'ok' | 'unavailable' {
    statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    if (result.status === 200 && !result.errors) return 'ok';
    const error = result.errors?.[0];
    if (result.status === 503 && error?.extensions?.code === 'SERVICE_UNAVAILABLE' && /temporarily unavailable/.test(error.message)) {
      return 'unavailable';
    }
    unexpected.push(`${result.status} ${JSON.stringify(result.errors)}`);
    return 'unavailable';
  }

  /** A request with no proper answer (a dropped connection, a body that is not JSON) is a failure too. */
  function failed(error: unknown): undefined {
    unexpected.push(`no answer: ${(error as Error)?.message}`);
    return undefined;
  }

  /** A curator saving again and again, each save with its own key, retried until acknowledged. */
  async function write(writer: Writer, running: () => boolean): Promise<void> {
    while (running()) {
      const version = writer.acknowledged;
      const key = `pg-fault-${writer.schoolId}-${version + 1}`;
      const input = {
        schoolId: writer.schoolId,
        year: YEAR,
        quarter: QUARTER,
        figures: completeFigures({ MENTEES_STUDENTS: 100 + version }),
        idempotencyKey: key,
        ...(version ? { expectedVersion: version } : {}),
      };
      // The same request with the same key until it is acknowledged: a reply lost in the outage
      // must not become a second revision.
      for (;;) {
        const result = await platform.gql(SAVE, { input }, writer.token).catch(failed);
        if (result && observe(result) === 'ok') {
          const saved = result.data.saveQuarterlyReport;
          expect(saved.version).toBe(version + 1);
          writer.reportId = saved.id;
          writer.acknowledged++;
          break;
        }
        writer.unavailable++;
        await sleep(50);
      }
    }
  }

  async function read(token: string, schoolId: string, running: () => boolean): Promise<void> {
    while (running()) {
      const result = await platform.gql(REPORT, { schoolId, year: YEAR, quarter: QUARTER }, token).catch(failed);
      if (result) observe(result);
      await sleep(10);
    }
  }

  it('answers 503 while the database is down, recovers without a restart, and loses or duplicates no save', async () => {
    const curators = org.curators.slice(0, 6);
    const writers: Writer[] = [];
    for (const c of curators)
      writers.push({ token: await platform.login(c.email, FIXTURE_PASSWORD), schoolId: c.schoolId, acknowledged: 0, unavailable: 0 });
    let running = true;
    const load = [
      ...writers.map((w) => write(w, () => running)),
      ...writers.slice(0, 3).map((w) => read(coordinator, w.schoolId, () => running)),
    ];

    await until('saves before the outage', () => writers.every((w) => w.acknowledged >= 2));
    await platform.postgres.stop();

    const health = await fetch(`${platform.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'error', database: { status: 'down' } });
    const me = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` },
      body: JSON.stringify({ query: ME }),
    });
    const body = (await me.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(me.status).toBe(503);
    expect(me.headers.get('retry-after')).toBeTruthy();
    expect(body.errors[0].extensions.correlationId).toEqual(expect.any(String));
    await until('every writer refused during the outage', () => writers.every((w) => w.unavailable > 0));
    const acknowledgedDuringOutage = writers.map((w) => w.acknowledged);

    await platform.postgres.start();
    await until('/health up again', async () => (await fetch(`${platform.url}/health`)).status === 200);
    await until('saves after the restart', () => writers.every((w, i) => w.acknowledged >= acknowledgedDuringOutage[i]! + 2));
    running = false;
    await Promise.all(load);

    expect(unexpected).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    const meAgain = await platform.gql(ME, {}, coordinator);
    expect(meAgain.status).toBe(200);
    expect(meAgain.data.me.email).toBe(org.coordinator.email);

    // One revision per acknowledged save, one stored key per save, nothing else.
    const rows = await platform.sql<{ schoolId: string; version: number; revisions: number; versions: number; keys: number }>(
      `SELECT r.school_id AS "schoolId", r.version,
              (SELECT count(*)::int FROM quarterly_report_revisions v WHERE v.report_id = r.id) AS revisions,
              (SELECT count(DISTINCT v.version)::int FROM quarterly_report_revisions v WHERE v.report_id = r.id) AS versions,
              (SELECT count(*)::int FROM idempotency_keys k WHERE k.school_id = r.school_id) AS keys
         FROM quarterly_reports r WHERE r.school_id = ANY($1)`,
      [writers.map((w) => w.schoolId)],
    );
    expect(rows).toHaveLength(writers.length);
    for (const writer of writers) {
      const row = rows.find((r) => r.schoolId === writer.schoolId)!;
      expect(row).toEqual({
        schoolId: writer.schoolId,
        version: writer.acknowledged,
        revisions: writer.acknowledged,
        versions: writer.acknowledged,
        keys: writer.acknowledged,
      });
    }
  }, 180_000);

  it('a save first sent during the outage and retried with its key after it stores one revision', async () => {
    const curator = org.curators[6]!;
    const token = await platform.login(curator.email, FIXTURE_PASSWORD);
    const input = {
      schoolId: curator.schoolId,
      year: YEAR,
      quarter: QUARTER,
      figures: completeFigures(),
      idempotencyKey: 'across-the-outage',
    };

    await platform.postgres.stop();
    const during = await platform.gql(SAVE, { input }, token);
    expect(during.status).toBe(503);
    expect(during.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    await platform.postgres.start();

    let saved: GraphqlResult | undefined;
    await until('the retried save acknowledged', async () => {
      saved = await platform.gql(SAVE, { input }, token);
      return saved.status === 200 && !saved.errors;
    });
    // The client did not trust the answer and sent it once more: the same result, nothing written.
    const replay = await platform.gql(SAVE, { input }, token);
    expect(replay.data.saveQuarterlyReport).toEqual(saved!.data.saveQuarterlyReport);
    expect(saved!.data.saveQuarterlyReport.version).toBe(1);
    const [count] = await platform.sql(
      `SELECT (SELECT count(*)::int FROM quarterly_report_revisions WHERE school_id = $1) AS revisions,
              (SELECT count(*)::int FROM idempotency_keys WHERE school_id = $1) AS keys`,
      [curator.schoolId],
    );
    expect(count).toEqual({ revisions: 1, keys: 1 });
  }, 120_000);
});
