import { createTargetSchedule, DEFAULT_SCHEDULES, percentFor, type TargetSchedule } from './target-schedule';
import { DomainValidationError } from './validation';

describe('DEFAULT_SCHEDULES', () => {
  it('is the seeded 2020–2024 plan', () => {
    expect(DEFAULT_SCHEDULES.MENTEE_COVERAGE).toEqual({
      indicator: 'MENTEE_COVERAGE',
      points: [
        { year: 2020, percentBp: 1000 },
        { year: 2021, percentBp: 2500 },
        { year: 2022, percentBp: 4000 },
        { year: 2023, percentBp: 5500 },
        { year: 2024, percentBp: 7000 },
      ],
    });
    expect(DEFAULT_SCHEDULES.STUDENT_MENTORS).toEqual({
      indicator: 'STUDENT_MENTORS',
      points: [
        { year: 2020, percentBp: 200 },
        { year: 2021, percentBp: 400 },
        { year: 2022, percentBp: 600 },
        { year: 2023, percentBp: 800 },
        { year: 2024, percentBp: 1000 },
      ],
    });
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(DEFAULT_SCHEDULES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCHEDULES.MENTEE_COVERAGE.points)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCHEDULES.MENTEE_COVERAGE.points[0])).toBe(true);
  });
});

describe('percentFor', () => {
  it('gives the point of the year, and null for a year not in the schedule', () => {
    expect(percentFor(DEFAULT_SCHEDULES.MENTEE_COVERAGE, 2022)).toBe(4000);
    expect(percentFor(DEFAULT_SCHEDULES.MENTEE_COVERAGE, 2019)).toBeNull();
    expect(percentFor(DEFAULT_SCHEDULES.MENTEE_COVERAGE, 2025)).toBeNull();
  });

  it('does not interpolate across a gap', () => {
    const gap: TargetSchedule = {
      indicator: 'MENTEE_COVERAGE',
      points: [
        { year: 2025, percentBp: 7000 },
        { year: 2027, percentBp: 8000 },
      ],
    };
    expect(percentFor(gap, 2026)).toBeNull();
  });

  it('refuses an ambiguous schedule', () => {
    const twice: TargetSchedule = {
      indicator: 'STUDENT_MENTORS',
      points: [
        { year: 2025, percentBp: 1 },
        { year: 2025, percentBp: 2 },
      ],
    };
    expect(() => percentFor(twice, 2025)).toThrow(DomainValidationError);
  });
});

describe('createTargetSchedule', () => {
  it('parses percents to basis points and sorts by year', () => {
    expect(
      createTargetSchedule('MENTEE_COVERAGE', [
        { year: 2026, percent: 75 },
        { year: 2025, percent: 72.5 },
      ]),
    ).toEqual({
      indicator: 'MENTEE_COVERAGE',
      points: [
        { year: 2025, percentBp: 7250 },
        { year: 2026, percentBp: 7500 },
      ],
    });
  });

  it('accepts an empty schedule', () => {
    expect(createTargetSchedule('STUDENT_MENTORS', [])).toEqual({ indicator: 'STUDENT_MENTORS', points: [] });
  });

  it('names the bad point', () => {
    const attempt = (points: { year: number; percent: number }[]) => () => createTargetSchedule('MENTEE_COVERAGE', points);
    expect(
      attempt([
        { year: 2025, percent: 10 },
        { year: 2026, percent: 12.345 },
      ]),
    ).toThrow(expect.objectContaining({ field: 'points[1].percent' }));
    expect(
      attempt([
        { year: 2025, percent: 10 },
        { year: 2025, percent: 20 },
      ]),
    ).toThrow(expect.objectContaining({ field: 'points[1].year' }));
    expect(attempt([{ year: 2025.5, percent: 10 }])).toThrow(expect.objectContaining({ field: 'points[0].year' }));
  });
});
