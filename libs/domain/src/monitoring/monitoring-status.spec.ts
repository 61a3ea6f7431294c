import fc from 'fast-check';
import { DomainValidationError } from '../targets/validation';
import { DEFAULT_EXPECTED_PROGRESS, expectedProgressFor } from './expected-progress';
import { AT_RISK_MARGIN_PP, MONITORING_STATUSES, monitoringStatus, type MonitoringStatus } from './monitoring-status';

const report = { hasReport: true } as const;

describe('expectedProgressFor', () => {
  it('defaults to 25/50/75/100 % by quarter', () => {
    expect([1, 2, 3, 4].map((q) => expectedProgressFor(q))).toEqual([25, 50, 75, 100]);
    expect(DEFAULT_EXPECTED_PROGRESS).toEqual({ 1: 25, 2: 50, 3: 75, 4: 100 });
    expect(Object.isFrozen(DEFAULT_EXPECTED_PROGRESS)).toBe(true);
  });

  it('refuses a quarter outside 1–4', () => {
    for (const bad of [0, 5, 1.5, NaN]) expect(() => expectedProgressFor(bad)).toThrow(DomainValidationError);
  });
});

describe('monitoringStatus', () => {
  it('is NO_DATA without a report, whatever the numbers', () => {
    expect(monitoringStatus({ hasReport: false, mentees: 500, menteeTarget: 100, quarter: 4 })).toBe('NO_DATA');
    expect(monitoringStatus({ hasReport: false, mentees: 0, menteeTarget: null, quarter: 1 })).toBe('NO_DATA');
  });

  it('is ACHIEVED at or above the target, in any quarter', () => {
    expect(monitoringStatus({ ...report, mentees: 100, menteeTarget: 100, quarter: 1 })).toBe('ACHIEVED');
    expect(monitoringStatus({ ...report, mentees: 101, menteeTarget: 100, quarter: 4 })).toBe('ACHIEVED');
  });

  it('is ACHIEVED with a report against a target of 0 or no target', () => {
    expect(monitoringStatus({ ...report, mentees: 0, menteeTarget: 0, quarter: 2 })).toBe('ACHIEVED');
    expect(monitoringStatus({ ...report, mentees: 0, menteeTarget: null, quarter: 2 })).toBe('ACHIEVED');
  });

  // Q2 expects 50 %; target 10 000 so one mentee is 0.01 percentage point.
  it.each<[string, number, MonitoringStatus]>([
    ['one below the target', 9_999, 'ON_TRACK'],
    ['above expected', 5_001, 'ON_TRACK'],
    ['exactly at expected (50 %)', 5_000, 'ON_TRACK'],
    ['0.01 pp below expected', 4_999, 'AT_RISK'],
    ['exactly 15 pp below (35 %)', 3_500, 'AT_RISK'],
    ['15.01 pp below (34.99 %, shown as 35.0 %)', 3_499, 'BEHIND'],
    ['nothing yet', 0, 'BEHIND'],
  ])('Q2, target 10 000: %s → %s', (_label, mentees, status) => {
    expect(monitoringStatus({ ...report, mentees, menteeTarget: 10_000, quarter: 2 })).toBe(status);
  });

  it.each<[number, number, MonitoringStatus]>([
    // Q1 expects 25 % of 200 = 50 mentees; 15 pp below is 10 % = 20 mentees.
    [1, 50, 'ON_TRACK'],
    [1, 49, 'AT_RISK'],
    [1, 20, 'AT_RISK'],
    [1, 19, 'BEHIND'],
    // Q3 expects 75 % = 150; 60 % = 120.
    [3, 150, 'ON_TRACK'],
    [3, 120, 'AT_RISK'],
    [3, 119, 'BEHIND'],
    // Q4 expects 100 %: short of the target is never ON_TRACK; 85 % = 170.
    [4, 199, 'AT_RISK'],
    [4, 170, 'AT_RISK'],
    [4, 169, 'BEHIND'],
  ])('Q%p, target 200, %p mentees → %s', (quarter, mentees, status) => {
    expect(monitoringStatus({ ...report, mentees, menteeTarget: 200, quarter })).toBe(status);
  });

  it('compares exactly where floating point would not', () => {
    // 29 / 100 * 100 is 28.999999999999996 in floating point, below an expected 29 %.
    const expectedProgress = { 1: 29, 2: 50, 3: 75, 4: 100 };
    expect(monitoringStatus({ ...report, mentees: 29, menteeTarget: 100, quarter: 1, expectedProgress })).toBe('ON_TRACK');
    // Expected 33.33 % of 3: progress 1/3 = 33.333… ≥ 33.33.
    const thirds = { 1: 33.33, 2: 66.67, 3: 100, 4: 100 };
    expect(monitoringStatus({ ...report, mentees: 1, menteeTarget: 3, quarter: 1, expectedProgress: thirds })).toBe('ON_TRACK');
    // 2/3 = 66.666… < 66.67, and 66.67 − 66.666… ≤ 15.
    expect(monitoringStatus({ ...report, mentees: 2, menteeTarget: 3, quarter: 2, expectedProgress: thirds })).toBe('AT_RISK');
  });

  it('takes an override of the expected progress', () => {
    const expectedProgress = { 1: 10, 2: 30, 3: 60, 4: 100 };
    // Q1 expects 10 %: 10 of 100 is ON_TRACK; the margin reaches below 0, so nothing is BEHIND.
    expect(monitoringStatus({ ...report, mentees: 10, menteeTarget: 100, quarter: 1, expectedProgress })).toBe('ON_TRACK');
    expect(monitoringStatus({ ...report, mentees: 0, menteeTarget: 100, quarter: 1, expectedProgress })).toBe('AT_RISK');
    // Q2 expects 30 %: 15 % is AT_RISK, 14 % BEHIND.
    expect(monitoringStatus({ ...report, mentees: 15, menteeTarget: 100, quarter: 2, expectedProgress })).toBe('AT_RISK');
    expect(monitoringStatus({ ...report, mentees: 14, menteeTarget: 100, quarter: 2, expectedProgress })).toBe('BEHIND');
  });

  it('refuses bad input', () => {
    expect(() => monitoringStatus({ ...report, mentees: -1, menteeTarget: 10, quarter: 1 })).toThrow(DomainValidationError);
    expect(() => monitoringStatus({ ...report, mentees: 1.5, menteeTarget: 10, quarter: 1 })).toThrow(DomainValidationError);
    expect(() => monitoringStatus({ ...report, mentees: 1, menteeTarget: -10, quarter: 1 })).toThrow(DomainValidationError);
    expect(() => monitoringStatus({ ...report, mentees: 1, menteeTarget: 10, quarter: 5 })).toThrow(DomainValidationError);
    const badOverride = { 1: 25, 2: 50, 3: 75, 4: 120 };
    expect(() => monitoringStatus({ ...report, mentees: 1, menteeTarget: 10, quarter: 4, expectedProgress: badOverride })).toThrow(
      expect.objectContaining({ field: 'expectedProgress[4]' }),
    );
  });

  it('agrees with the definition on exact rationals', () => {
    const quarter = fc.integer({ min: 1, max: 4 }) as fc.Arbitrary<1 | 2 | 3 | 4>;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), quarter, (mentees, target, q) => {
        // progress − expected in hundredths of a pp, times target: 10 000·mentees − expectedBp·target
        const expectedBp = BigInt(DEFAULT_EXPECTED_PROGRESS[q] * 100);
        const gap = 10_000n * BigInt(mentees) - expectedBp * BigInt(target);
        const margin = BigInt(AT_RISK_MARGIN_PP * 100) * BigInt(target);
        const expected: MonitoringStatus = mentees >= target ? 'ACHIEVED' : gap >= 0n ? 'ON_TRACK' : -gap <= margin ? 'AT_RISK' : 'BEHIND';
        expect(monitoringStatus({ ...report, mentees, menteeTarget: target, quarter: q })).toBe(expected);
      }),
      { numRuns: 10_000 },
    );
  });

  it('never gets worse with more mentees', () => {
    const rank = (status: MonitoringStatus) => MONITORING_STATUSES.indexOf(status); // best first
    fc.assert(
      fc.property(fc.nat(5_000), fc.nat(5_000), fc.nat(5_000), fc.integer({ min: 1, max: 4 }), (a, b, target, quarter) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        const status = (mentees: number) => monitoringStatus({ ...report, mentees, menteeTarget: target, quarter });
        expect(rank(status(more))).toBeLessThanOrEqual(rank(status(fewer)));
      }),
      { numRuns: 5_000 },
    );
  });
});
