import { DomainValidationError } from '../targets/validation';
import { isCalendarDate, isWithinSchoolYear, schoolYearBounds, schoolYearLabel, schoolYearOf } from './school-year';

describe('school years', () => {
  it('run from 1 September to 31 August of the next year', () => {
    expect(schoolYearBounds(2025)).toEqual({ start: '2025-09-01', end: '2026-08-31' });
    expect(schoolYearLabel(2025)).toBe('2025/2026');
  });

  it('include both ends and nothing outside', () => {
    expect(isWithinSchoolYear('2025-09-01', 2025)).toBe(true);
    expect(isWithinSchoolYear('2026-08-31', 2025)).toBe(true);
    expect(isWithinSchoolYear('2025-08-31', 2025)).toBe(false);
    expect(isWithinSchoolYear('2026-09-01', 2025)).toBe(false);
    expect(isWithinSchoolYear('2026-02-30', 2025)).toBe(false);
  });

  it('places a date in its school year', () => {
    expect(schoolYearOf('2025-09-01')).toBe(2025);
    expect(schoolYearOf('2025-12-31')).toBe(2025);
    expect(schoolYearOf('2026-01-01')).toBe(2025);
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(() => schoolYearOf('2026-13-01')).toThrow(DomainValidationError);
  });

  it('knows calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-9-1')).toBe(false);
    expect(isCalendarDate('2025-09-01T00:00:00Z')).toBe(false);
  });

  it('refuses school years outside 2000–2099', () => {
    expect(() => schoolYearBounds(1999)).toThrow(DomainValidationError);
    expect(() => schoolYearBounds(2100)).toThrow(DomainValidationError);
  });
});
