import { lastEndedQuarter, quarterEnd, quarterOf } from './quarter';

describe('quarters', () => {
  it('finds the quarter of a date and the last one that has ended', () => {
    expect(quarterOf(new Date('2025-01-01T00:00:00Z'))).toEqual({ year: 2025, quarter: 1 });
    expect(quarterOf(new Date('2025-06-30T23:59:59Z'))).toEqual({ year: 2025, quarter: 2 });
    expect(quarterOf(new Date('2025-12-31T23:59:59Z'))).toEqual({ year: 2025, quarter: 4 });
    expect(lastEndedQuarter(new Date('2025-01-01T00:00:00Z'))).toEqual({ year: 2024, quarter: 4 });
    expect(lastEndedQuarter(new Date('2025-03-31T23:59:59Z'))).toEqual({ year: 2024, quarter: 4 });
    expect(lastEndedQuarter(new Date('2025-04-01T00:00:00Z'))).toEqual({ year: 2025, quarter: 1 });
    expect(lastEndedQuarter(new Date('2025-11-15T12:00:00Z'))).toEqual({ year: 2025, quarter: 3 });
  });

  it('knows when a quarter ends', () => {
    expect(quarterEnd({ year: 2024, quarter: 4 }).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(quarterEnd({ year: 2025, quarter: 1 }).toISOString()).toBe('2025-04-01T00:00:00.000Z');
    for (const q of [1, 2, 3, 4]) expect(lastEndedQuarter(quarterEnd({ year: 2030, quarter: q }))).toEqual({ year: 2030, quarter: q });
  });
});
