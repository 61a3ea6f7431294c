import fc from 'fast-check';
import { Client } from 'pg';
import { AT_RISK_MARGIN_BP, coveragePercent, monitoringStatus, progressPercent, targetCount, type ExpectedProgress } from '@mm/domain';
import { createTestDatabase, TestDatabase } from '@mm/testing';
import { percentSql, statusSql, targetSql } from './monitoring-sql';

/**
 * The SQL of the monitoring statement against the domain functions it mirrors, on many generated
 * cases in one query each, so the two can never drift apart unnoticed.
 */
describe('monitoring SQL mirrors @mm/domain', () => {
  let database: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.ownerUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const quarter = fc.integer({ min: 1, max: 4 }) as fc.Arbitrary<1 | 2 | 3 | 4>;
  // Expected progress in basis points: mostly the usual quarter marks, sometimes anything (incl. below the margin).
  const expectedBp = fc.oneof(fc.constantFrom(2500, 5000, 7500, 10_000, 3333, 6667), fc.integer({ min: 0, max: 10_000 }));
  // Mentees near the target and far from it; targets small (rounding edges) and large.
  const target = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2_000_000 }));
  const statusCase = fc
    .record({
      hasReport: fc.boolean(),
      target,
      quarter,
      expectedBp,
      scale: fc.double({ min: 0, max: 1.3, noNaN: true }),
      jitter: fc.integer({ min: -3, max: 3 }),
    })
    .map((c) => ({ ...c, mentees: Math.max(0, Math.round((c.target ?? 50) * c.scale) + c.jitter) }));

  it('statusSql agrees with monitoringStatus()', async () => {
    const cases = fc.sample(statusCase, 20_000);
    // The boundaries themselves: exactly at expected, exactly at the margin, one either side.
    for (const t of [1, 3, 7, 100, 10_000, 99_999]) {
      for (const bp of [2500, 5000, 7500, 10_000, 1500, 1000, 3333]) {
        for (const edge of [bp, bp - AT_RISK_MARGIN_BP]) {
          const exact = Math.ceil((edge * t) / 10_000);
          for (const mentees of [exact - 1, exact, exact + 1]) {
            if (mentees >= 0) cases.push({ hasReport: true, target: t, quarter: 1, expectedBp: bp, scale: 0, jitter: 0, mentees });
          }
        }
      }
    }
    const { rows } = await client.query(
      `SELECT ${statusSql('c.has_report', 'c.mentees', 'c.target', 'c.expected_bp')} AS status
         FROM unnest($1::bool[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS c(has_report, mentees, target, expected_bp, i)
        ORDER BY c.i`,
      [cases.map((c) => c.hasReport), cases.map((c) => c.mentees), cases.map((c) => c.target), cases.map((c) => c.expectedBp)],
    );
    const mismatches = cases.flatMap((c, i) => {
      const expectedProgress = { 1: 25, 2: 50, 3: 75, 4: 100, [c.quarter]: c.expectedBp / 100 } as ExpectedProgress;
      const domain = monitoringStatus({
        hasReport: c.hasReport,
        mentees: c.mentees,
        menteeTarget: c.target,
        quarter: c.quarter,
        expectedProgress,
      });
      return domain === rows[i].status ? [] : [{ ...c, sql: rows[i].status, domain }];
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Every status occurs, so the comparison covered each branch.
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['NO_DATA', 'ACHIEVED', 'ON_TRACK', 'AT_RISK', 'BEHIND']));
  });

  it('percentSql agrees with coveragePercent() and progressPercent()', async () => {
    const part = fc.oneof(fc.constant(null), fc.nat(3000), fc.nat(2_000_000_000));
    const whole = fc.oneof(
      fc.constant(null),
      fc.constant(0),
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 1, max: 2_000_000_000 }),
    );
    const cases = fc.sample(fc.tuple(part, whole), 20_000);
    cases.push([1, 16], [201, 400], [203, 400], [1, 2000], [1, 2001], [3499, 10_000], [2, 3]);
    const { rows } = await client.query(
      `SELECT ${percentSql('c.part', 'c.whole')}::float8 AS percent
         FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS c(part, whole, i) ORDER BY c.i`,
      [cases.map((c) => c[0]), cases.map((c) => c[1])],
    );
    const mismatches = cases.flatMap(([p, w], i) => {
      const coverage = coveragePercent(p, w);
      const progress = progressPercent(p, w);
      return coverage === rows[i].percent && progress === rows[i].percent ? [] : [{ p, w, sql: rows[i].percent, coverage, progress }];
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('targetSql agrees with targetCount()', async () => {
    const cases = fc.sample(
      fc.tuple(
        fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 10_000 })),
        fc.oneof(fc.constant(null), fc.nat(50), fc.nat(2_000_000_000)),
      ),
      20_000,
    );
    cases.push([2900, 50], [5000, 1], [5000, 3], [1, 5000], [1, 4999], [10_000, 2_000_000_000]);
    const { rows } = await client.query(
      `SELECT ${targetSql('c.bp', 'c.base')} AS target FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS c(bp, base, i) ORDER BY c.i`,
      [cases.map((c) => c[0]), cases.map((c) => c[1])],
    );
    const mismatches = cases.flatMap(([bp, base], i) => {
      const domain = bp === null || base === null ? null : targetCount(bp, base);
      return domain === rows[i].target ? [] : [{ bp, base, sql: rows[i].target, domain }];
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
