import { TargetPlanException } from './target-plan.exception';
import { parseSchedule } from './target-schedule.service';

function problemsOf(work: () => unknown): { field: string; message: string }[] {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(TargetPlanException);
    return (error as TargetPlanException).problems;
  }
  throw new Error('expected a TargetPlanException');
}

describe('parseSchedule', () => {
  it('turns typed percents into basis points, sorted by year', () => {
    expect(
      parseSchedule('MENTEE_COVERAGE', [
        { year: 2026, percent: 75 },
        { year: 2025, percent: 72.5 },
        { year: 2027, percent: 0.29 },
      ]),
    ).toEqual({
      indicator: 'MENTEE_COVERAGE',
      points: [
        { year: 2025, percentBp: 7250 },
        { year: 2026, percentBp: 7500 },
        { year: 2027, percentBp: 29 },
      ],
    });
    expect(parseSchedule('STUDENT_MENTORS', [])).toEqual({ indicator: 'STUDENT_MENTORS', points: [] });
  });

  it('names every failing point at once', () => {
    const problems = problemsOf(() =>
      parseSchedule('MENTEE_COVERAGE', [
        { year: 2020, percent: 10 },
        { year: 1999, percent: 100.01 },
        { year: 2021, percent: 12.345 },
        { year: 2020, percent: -1 },
        { year: 2101, percent: 5 },
      ]),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'points[1].year',
      'points[1].percent',
      'points[2].percent',
      'points[3].year',
      'points[3].percent',
      'points[4].year',
    ]);
    expect(problems[3]!.message).toBe('year 2020 is already given in points[0]');
  });
});
