import { percentHalfUp, quarterFirstDay, quartersUpTo } from './completeness.rates';

describe('completeness rates', () => {
  it('rounds half-up to one decimal', () => {
    expect(percentHalfUp(2, 3)).toBe(66.7);
    expect(percentHalfUp(1, 3)).toBe(33.3);
    expect(percentHalfUp(1, 8)).toBe(12.5);
    // 1/16 = 6.25 %: the half goes up
    expect(percentHalfUp(1, 16)).toBe(6.3);
    // 1/160 = 0.625 % → 0.6 (not a half at the first decimal)
    expect(percentHalfUp(1, 160)).toBe(0.6);
    expect(percentHalfUp(3, 3)).toBe(100);
    expect(percentHalfUp(0, 7)).toBe(0);
  });

  it('is null when nothing is expected', () => {
    expect(percentHalfUp(0, 0)).toBeNull();
  });

  it('names quarters', () => {
    expect(quarterFirstDay(2026, 4)).toBe('2026-10-01');
    expect(quartersUpTo(2026, 2, 4)).toEqual([
      { year: 2025, quarter: 3 },
      { year: 2025, quarter: 4 },
      { year: 2026, quarter: 1 },
      { year: 2026, quarter: 2 },
    ]);
  });
});
