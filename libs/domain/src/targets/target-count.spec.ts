import fc from 'fast-check';
import { targetCount } from './target-count';
import { DomainValidationError } from './validation';

const MAX_BASE = 1_000_000_000;
const percentBp = fc.integer({ min: 0, max: 10_000 });
const base = fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: MAX_BASE }));

/**
 * The exact definition, checked by comparing rationals: count = roundHalfUp(x) with
 * x = percentBp·base / 10 000 holds iff count − ½ ≤ x < count + ½, i.e. (times 20 000)
 * 20 000·count − 10 000 ≤ 2·percentBp·base < 20 000·count + 10 000.
 */
function isRoundHalfUpOf(count: number, bp: number, b: number): boolean {
  const twiceProduct = 2n * BigInt(bp) * BigInt(b);
  const scaled = 20_000n * BigInt(count);
  return Number.isSafeInteger(count) && scaled - 10_000n <= twiceProduct && twiceProduct < scaled + 10_000n;
}

describe('targetCount', () => {
  it.each([
    [2900, 50, 15], // 29 % × 50 = 14.5 → 15
    [1000, 58, 6], // 5.8 → 6
    [200, 21, 0], // 0.42 → 0
    [1000, 15, 2], // 1.5 → 2
    [1000, 14, 1], // 1.4 → 1
    [7000, 415, 291], // 290.5 → 291
    [5500, 1250, 688], // 687.5 → 688
    [0, 1234, 0],
    [10_000, 1234, 1234],
    [1, 5000, 1], // 0.01 % × 5000 = 0.5 → 1
    [1, 4999, 0], // 0.4999 → 0
    [3333, MAX_BASE, 333_300_000],
    [9999, MAX_BASE, 999_900_000],
    [1, MAX_BASE - 1, 100_000], // 99 999.9999 → 100 000
  ])('%p bp of %p is %p', (bp, b, expected) => {
    expect(targetCount(bp, b)).toBe(expected);
  });

  it('equals roundHalfUp(percent × base) computed with exact rationals', () => {
    fc.assert(
      fc.property(percentBp, base, (bp, b) => {
        expect(isRoundHalfUpOf(targetCount(bp, b), bp, b)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rounds every exact half up', () => {
    // percentBp·base ≡ 5000 (mod 10 000) exactly when percentBp·base = 5000·odd.
    // Split 5000 = 2³·5⁴ into d·(5000/d), give d to the percent and the rest to the base,
    // and multiply each by an odd factor.
    const divisorsOf5000 = [1, 2, 4, 8].flatMap((two) => [1, 5, 25, 125, 625].map((five) => two * five));
    const exactHalf = fc
      .constantFrom(...divisorsOf5000)
      .chain((d) =>
        fc.tuple(
          fc.constant(d),
          fc.integer({ min: 0, max: Math.floor((10_000 / d - 1) / 2) }),
          fc.integer({ min: 0, max: Math.floor((MAX_BASE / (5000 / d) - 1) / 2) }),
        ),
      )
      .map(([d, u, v]) => ({ bp: d * (2 * u + 1), base: (5000 / d) * (2 * v + 1) }));

    fc.assert(
      fc.property(exactHalf, ({ bp, base: b }) => {
        const product = BigInt(bp) * BigInt(b);
        expect(product % 10_000n).toBe(5000n); // the generator makes only halves
        expect(BigInt(targetCount(bp, b))).toBe((product + 5000n) / 10_000n); // x + ½, rounded up
      }),
      { numRuns: 10_000 },
    );
  });

  it('never exceeds the base and grows with the percent', () => {
    fc.assert(
      fc.property(percentBp, percentBp, base, (p1, p2, b) => {
        const [low, high] = p1 <= p2 ? [p1, p2] : [p2, p1];
        expect(targetCount(low, b)).toBeLessThanOrEqual(targetCount(high, b));
        expect(targetCount(high, b)).toBeLessThanOrEqual(b);
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses a base that is not a non-negative integer', () => {
    for (const bad of [-1, 1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => targetCount(1000, bad)).toThrow(DomainValidationError);
    }
  });

  it('refuses a percent that is not basis points', () => {
    for (const bad of [-1, 10_001, 29.5]) expect(() => targetCount(bad, 100)).toThrow(DomainValidationError);
  });
});
