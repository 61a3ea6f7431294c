import fc from 'fast-check';
import { DomainValidationError } from '../targets/validation';
import { coveragePercent, progressPercent } from './monitoring-percent';

describe('coveragePercent', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 16, 6.3], // 6.25 → 6.3 (half up)
    [201, 400, 50.3], // 50.25 → 50.3; Math.round(201 / 400 * 1000) / 10 gives 50.2
    [203, 400, 50.8], // 50.75 → 50.8
    [1, 2000, 0.1], // 0.05 → 0.1
    [1, 2001, 0], // 0.0499… → 0
    [0, 850, 0],
    [850, 850, 100],
    [595, 850, 70],
  ])('%p of %p is %p %', (mentees, students, percent) => {
    expect(coveragePercent(mentees, students)).toBe(percent);
  });

  it('is null without students or without mentees', () => {
    expect(coveragePercent(5, 0)).toBeNull();
    expect(coveragePercent(5, null)).toBeNull();
    expect(coveragePercent(null, 100)).toBeNull();
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => coveragePercent(-1, 100)).toThrow(DomainValidationError);
    expect(() => coveragePercent(1, 2.5)).toThrow(DomainValidationError);
  });

  it('rounds half up to one decimal, exactly', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000_000), fc.integer({ min: 1, max: 1_000_000_000 }), (mentees, students) => {
        const percent = coveragePercent(mentees, students);
        // percent = t / 10 with t = roundHalfUp(1000·m / s) ⇔ t − ½ ≤ 1000·m/s < t + ½
        const tenths = Math.round((percent ?? NaN) * 10);
        expect(tenths / 10).toBe(percent); // one decimal, printed as such
        const twice = 2000n * BigInt(mentees);
        const scaled = 2n * BigInt(tenths) * BigInt(students);
        expect(scaled - BigInt(students) <= twice && twice < scaled + BigInt(students)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('progressPercent', () => {
  it('is mentees over the target, rounded half up to one decimal', () => {
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(1, 3)).toBe(33.3);
    expect(progressPercent(3499, 10_000)).toBe(35); // 34.99 → 35.0
    expect(progressPercent(150, 100)).toBe(150); // may exceed 100
  });

  it('is null without a target', () => {
    expect(progressPercent(5, 0)).toBeNull();
    expect(progressPercent(5, null)).toBeNull();
  });
});
