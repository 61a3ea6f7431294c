import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, Platform, startPlatform } from './harness/platform';
import { completeFigures, SAVE, storedCounts } from './quarterly-report.helpers';

const YEAR = 2099;
const PARALLEL = 20;

// Hundreds of requests against a real API and database: give a loaded machine time.
jest.setTimeout(180_000);

/** Many simultaneous writers at one report: one consistent version chain, no lost revision, no double write. */
describe('quarterly reports under concurrency (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let curator: string;

  beforeAll(async () => {
    platform = await startPlatform();
    org = await createOrg(platform, 'QRC', 2);
    curator = await platform.login(org.curators[0]!.email, FIXTURE_PASSWORD);
  });
  afterAll(() => platform?.close());

  const save = (input: Record<string, unknown>, token = curator) => platform.gql(SAVE, { input }, token);
  const revisionsOf = (reportId: string) =>
    platform.sql<{ version: number; figures: Record<string, number> }>(
      `SELECT version, figures FROM quarterly_report_revisions WHERE report_id = $1 ORDER BY version`,
      [reportId],
    );

  it('lets exactly one of many simultaneous saves with the same expectedVersion win, round after round', async () => {
    const schoolId = org.schoolIds[0]!;
    const created = (await save({ schoolId, year: YEAR, quarter: 1, figures: completeFigures() })).data!.saveQuarterlyReport;
    const winners: number[] = [];
    for (let round = 0; round < 3; round++) {
      const version = round + 1;
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          save({ schoolId, year: YEAR, quarter: 1, expectedVersion: version, figures: completeFigures({ PAIRS: round * 100 + i }) }),
        ),
      );
      const succeeded = results.filter((r) => !r.errors);
      expect(succeeded).toHaveLength(1);
      expect(succeeded[0]!.data.saveQuarterlyReport.version).toBe(version + 1);
      const refused = results.filter((r) => r.errors);
      expect(refused.map(errorCode)).toEqual(Array(PARALLEL - 1).fill('CONFLICT'));
      expect(refused.every((r) => r.errors![0]!.extensions!.currentVersion === version + 1)).toBe(true);
      winners.push(succeeded[0]!.data.saveQuarterlyReport.figures.find((f: any) => f.code === 'PAIRS').value);
    }
    const revisions = await revisionsOf(created.id);
    expect(revisions.map((r) => r.version)).toEqual([1, 2, 3, 4]);
    // Each revision holds exactly the figures its winning request sent.
    expect(revisions.slice(1).map((r) => r.figures.PAIRS)).toEqual(winners);
    const [report] = await platform.sql(`SELECT version, figures->'PAIRS' AS pairs FROM quarterly_reports WHERE id = $1`, [created.id]);
    expect(report).toEqual({ version: 4, pairs: winners[2] });
  });

  it('ends with a gapless chain holding every write when simultaneous writers retry on conflict', async () => {
    const schoolId = org.schoolIds[0]!;
    const created = (await save({ schoolId, year: YEAR, quarter: 2, figures: completeFigures() })).data!.saveQuarterlyReport;
    // Each writer retries on the version the conflict reports, as a client would after reloading.
    const writer = async (i: number): Promise<void> => {
      let version: number = created.version;
      for (let attempt = 1; ; attempt++) {
        const result = await save({
          schoolId,
          year: YEAR,
          quarter: 2,
          expectedVersion: version,
          figures: completeFigures({ GROUPS: 1000 + i }),
        });
        if (!result.errors) return;
        expect(errorCode(result)).toBe('CONFLICT');
        version = result.errors[0]!.extensions!.currentVersion as number;
        if (attempt > 100) throw new Error(`writer ${i} never got through`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => writer(i)));
    const revisions = await revisionsOf(created.id);
    expect(revisions.map((r) => r.version)).toEqual(Array.from({ length: PARALLEL + 1 }, (_, i) => i + 1));
    // No lost write: every writer's figures are in exactly one revision.
    expect(
      revisions
        .slice(1)
        .map((r) => r.figures.GROUPS)
        .sort(),
    ).toEqual(Array.from({ length: PARALLEL }, (_, i) => 1000 + i).sort());
    const [report] = await platform.sql(`SELECT version FROM quarterly_reports WHERE id = $1`, [created.id]);
    expect(report.version).toBe(PARALLEL + 1);
  });

  it('answers simultaneous creates of the same report with one winner and CONFLICT for the rest', async () => {
    const schoolId = org.schoolIds[0]!;
    const before = await storedCounts(platform);
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => save({ schoolId, year: YEAR, quarter: 3, figures: completeFigures({ PAIRS: i }) })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(errorCode)).toEqual(Array(PARALLEL - 1).fill('CONFLICT'));
    const after = await storedCounts(platform);
    expect(after.reports - before.reports).toBe(1);
    expect(after.revisions - before.revisions).toBe(1);
  });

  it('turns simultaneous replays of one idempotency key into one write and one answer', async () => {
    const schoolId = org.schoolIds[0]!;
    const before = await storedCounts(platform);
    const input = {
      schoolId,
      year: YEAR,
      quarter: 4,
      figures: completeFigures(),
      idempotencyKey: 'create-q4-2099',
      comment: 'первичный ввод',
    };
    const results = await Promise.all(Array.from({ length: PARALLEL }, () => save(input)));
    expect(results.map(errorCode)).toEqual(Array(PARALLEL).fill(undefined));
    const answers = new Set(results.map((r) => JSON.stringify(r.data.saveQuarterlyReport)));
    expect(answers.size).toBe(1);
    expect(results[0]!.data.saveQuarterlyReport).toMatchObject({ status: 'DRAFT', version: 1 });
    const after = await storedCounts(platform);
    expect(after).toEqual({
      ...before,
      reports: before.reports + 1,
      revisions: before.revisions + 1,
      keys: before.keys + 1,
      audits: before.audits + 1,
    });
    const [key] = await platform.sql(
      `SELECT operation, length(request_hash) AS "hashLength", response->>'version' AS version FROM idempotency_keys WHERE key = $1`,
      [input.idempotencyKey],
    );
    expect(key).toEqual({ operation: 'saveQuarterlyReport', hashLength: 64, version: '1' });
  });

  it('returns the first result for a later replay (figures in any order) and refuses the key for another payload', async () => {
    const schoolId = org.schoolIds[0]!;
    const year = YEAR - 1;
    const figures = completeFigures();
    const first = await save({ schoolId, year, quarter: 1, figures, idempotencyKey: 'k-replay' });
    const id = first.data.saveQuarterlyReport.id;
    // The report moves on; a late retry of the first request must not write again or go back.
    expect((await save({ schoolId, year, quarter: 1, expectedVersion: 1, figures: completeFigures({ PAIRS: 4 }) })).errors).toBeUndefined();
    const before = await storedCounts(platform);
    const replay = await save({ schoolId, year, quarter: 1, figures: [...figures].reverse(), idempotencyKey: 'k-replay' });
    expect(replay.data.saveQuarterlyReport).toEqual(first.data.saveQuarterlyReport);
    expect(await storedCounts(platform)).toEqual(before);

    const reused = await save({
      schoolId,
      year,
      quarter: 1,
      expectedVersion: 2,
      figures: completeFigures({ PAIRS: 5 }),
      idempotencyKey: 'k-replay',
    });
    expect(errorCode(reused)).toBe('CONFLICT');
    expect(reused.errors![0]!.extensions).toMatchObject({ reason: 'IDEMPOTENCY_KEY_REUSED' });
    const withComment = await save({ schoolId, year, quarter: 1, figures, idempotencyKey: 'k-replay', comment: 'другой запрос' });
    expect(errorCode(withComment)).toBe('CONFLICT');
    expect(await storedCounts(platform)).toEqual(before);
    const [report] = await platform.sql(`SELECT version, figures->'PAIRS' AS pairs FROM quarterly_reports WHERE id = $1`, [id]);
    expect(report).toEqual({ version: 2, pairs: 4 });

    // Keys are per user: another curator's identical key is a different request.
    const curator2 = await platform.login(org.curators[1]!.email, FIXTURE_PASSWORD);
    const mine = await save({ schoolId: org.schoolIds[1]!, year, quarter: 1, figures, idempotencyKey: 'k-replay' }, curator2);
    expect(mine.errors).toBeUndefined();
  });

  it('does not store a key for a refused request, so a corrected retry with the same key goes through', async () => {
    const schoolId = org.schoolIds[0]!;
    const bad = await save({
      schoolId,
      year: YEAR - 1,
      quarter: 2,
      figures: completeFigures({ TEACHERS: -5 }),
      idempotencyKey: 'k-refused',
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(await platform.sql(`SELECT 1 FROM idempotency_keys WHERE key = 'k-refused'`)).toEqual([]);
    const good = await save({ schoolId, year: YEAR - 1, quarter: 2, figures: completeFigures(), idempotencyKey: 'k-refused' });
    expect(good.errors).toBeUndefined();
  });
});
