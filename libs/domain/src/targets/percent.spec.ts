import fc from 'fast-check';
import { assertPercentBp, formatPercent, parsePercent } from './percent';
import { DomainValidationError } from './validation';

describe('parsePercent', () => {
  it.each([
    [0, 0],
    [-0, 0],
    [100, 10_000],
    [29.5, 2950],
    [12.34, 1234],
    [55.55, 5555],
    [0.01, 1],
    [99.99, 9999],
    [0.29, 29], // 0.29 * 100 is 28.999999999999996: multiplying would get this wrong
    [4.35, 435], // 4.35 * 100 is 434.99999999999994
    [1.1, 110],
    [1e-2, 1],
    [1.5e1, 1500],
  ])('accepts %p as %p bp', (value, bp) => {
    expect(parsePercent(value)).toBe(bp);
  });

  it.each([
    ['above 100', 100.01],
    ['negative', -0.01],
    ['three decimals', 12.345],
    ['tiny exponent form', 1e-7],
    ['huge exponent form', 1e21],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['0.1 + 0.2 (0.30000000000000004)', 0.1 + 0.2],
    ['0.29 * 100 (28.999999999999996)', 0.29 * 100],
    ['just above 100', 100.00000000000001],
  ])('refuses %s', (_label, value) => {
    expect(() => parsePercent(value)).toThrow(DomainValidationError);
  });

  it('refuses a value that is not a number at run time', () => {
    expect(() => parsePercent('10' as unknown as number)).toThrow(DomainValidationError);
  });

  it('names the field in the error', () => {
    expect.assertions(3);
    try {
      parsePercent(12.345, 'points[1].percent');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).field).toBe('points[1].percent');
      expect((error as DomainValidationError).message).toContain('12.345');
    }
  });

  it('accepts every two-decimal percent typed as a decimal literal', () => {
    for (let bp = 0; bp <= 10_000; bp++) {
      const typed = `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
      expect(parsePercent(Number(typed))).toBe(bp);
    }
  });

  it('refuses every value with a third decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (thousandths) => {
        fc.pre(thousandths % 10 !== 0);
        const typed = `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`;
        expect(() => parsePercent(Number(typed))).toThrow(DomainValidationError);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts a double exactly when its shortest decimal has at most two decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (value) => {
        if (/^\d+(\.\d{1,2})?$/.test(String(value)))
          expect(formatPercent(parsePercent(value)) === value).toBe(true); // -0 comes back as 0
        else expect(() => parsePercent(value)).toThrow(DomainValidationError);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatPercent', () => {
  it('turns basis points back into the percent', () => {
    expect(formatPercent(2950)).toBe(29.5);
    expect(formatPercent(1234)).toBe(12.34);
    expect(formatPercent(0)).toBe(0);
    expect(formatPercent(10_000)).toBe(100);
  });

  it('round-trips with parsePercent for every basis point', () => {
    for (let bp = 0; bp <= 10_000; bp++) expect(parsePercent(formatPercent(bp))).toBe(bp);
  });

  it('refuses values that are not basis points', () => {
    for (const bad of [-1, 10_001, 29.5, NaN]) expect(() => formatPercent(bad)).toThrow(DomainValidationError);
  });
});

describe('assertPercentBp', () => {
  it('accepts 0 … 10 000 integers only', () => {
    expect(() => assertPercentBp(0)).not.toThrow();
    expect(() => assertPercentBp(10_000)).not.toThrow();
    expect(() => assertPercentBp(10_001, 'x')).toThrow(DomainValidationError);
    expect(() => assertPercentBp(0.5)).toThrow(DomainValidationError);
  });
});
