import fc from 'fast-check';
import { ReportFigure } from './quarterly-report-validation';
import { FigureWarning, JUMP_FACTOR, softWarnings, submitRequiresComment } from './quarterly-report-warnings';

const figures = (values: Record<string, number>): ReportFigure[] => Object.entries(values).map(([code, value]) => ({ code, value }));

const rules = (warnings: FigureWarning[]) => warnings.map((warning) => [warning.code, warning.rule]);

describe('softWarnings', () => {
  it('has nothing to compare with in the first quarter', () => {
    expect(softWarnings(figures({ MENTEES_STUDENTS: 100 }), null)).toEqual([]);
  });

  describe('DECREASE', () => {
    it('warns when a year-to-date figure goes down, naming it and both values', () => {
      expect(softWarnings(figures({ MENTEES_STUDENTS: 90 }), figures({ MENTEES_STUDENTS: 100 }))).toEqual([
        {
          code: 'MENTEES_STUDENTS',
          rule: 'DECREASE',
          message: 'MENTEES_STUDENTS went down from 100 to 90 since the previous quarter, but it counts people since the start of the year',
        },
      ]);
    });

    it('warns for a decrease of one, and not for an equal or higher figure', () => {
      const previous = figures({ MENTORS_STUDENTS: 10 });
      expect(rules(softWarnings(figures({ MENTORS_STUDENTS: 9 }), previous))).toEqual([['MENTORS_STUDENTS', 'DECREASE']]);
      expect(softWarnings(figures({ MENTORS_STUDENTS: 10 }), previous)).toEqual([]);
      expect(softWarnings(figures({ MENTORS_STUDENTS: 11 }), previous)).toEqual([]);
    });

    it('warns for a decrease to zero', () => {
      expect(rules(softWarnings(figures({ MENTORS_EXTERNAL_PARENT: 0 }), figures({ MENTORS_EXTERNAL_PARENT: 2 })))).toEqual([
        ['MENTORS_EXTERNAL_PARENT', 'DECREASE'],
      ]);
    });

    it.each(['STUDENTS', 'TEACHERS', 'PAIRS', 'GROUPS', 'CONSENTS'])('does not warn when the head count %s goes down', (code) => {
      expect(softWarnings(figures({ [code]: 90 }), figures({ [code]: 100 }))).toEqual([]);
    });
  });

  describe('JUMP', () => {
    it('warns when a figure grows more than 3× the previous quarter, naming it and both values', () => {
      expect(softWarnings(figures({ MENTEES_STUDENTS: 31 }), figures({ MENTEES_STUDENTS: 10 }))).toEqual([
        {
          code: 'MENTEES_STUDENTS',
          rule: 'JUMP',
          message: 'MENTEES_STUDENTS grew from 10 to 31, more than 3× the previous quarter',
        },
      ]);
    });

    it('does not warn at exactly 3×', () => {
      expect(JUMP_FACTOR).toBe(3);
      expect(softWarnings(figures({ MENTEES_STUDENTS: 30 }), figures({ MENTEES_STUDENTS: 10 }))).toEqual([]);
      expect(softWarnings(figures({ PAIRS: 3 }), figures({ PAIRS: 1 }))).toEqual([]);
    });

    it('warns just above 3× of a small figure', () => {
      expect(rules(softWarnings(figures({ PAIRS: 4 }), figures({ PAIRS: 1 })))).toEqual([['PAIRS', 'JUMP']]);
    });

    it('does not warn when the previous quarter had zero', () => {
      expect(softWarnings(figures({ MENTEES_STUDENTS: 1000 }), figures({ MENTEES_STUDENTS: 0 }))).toEqual([]);
    });

    it('applies to head counts too, where a tenfold typo is as likely', () => {
      expect(rules(softWarnings(figures({ STUDENTS: 5000 }), figures({ STUDENTS: 500 })))).toEqual([['STUDENTS', 'JUMP']]);
    });
  });

  it('compares only codes present in both reports', () => {
    const previous = figures({ MENTEES_STUDENTS: 100, PAIRS: 10 });
    const current = figures({ MENTEES_STUDENTS: 100, MENTORS_STUDENTS: 1, GROUPS: 50 });
    expect(softWarnings(current, previous)).toEqual([]);
  });

  it('ignores codes unknown to the catalogue and values that are not numbers', () => {
    const previous = [
      { code: 'FOO', value: 100 },
      { code: 'PAIRS', value: 10 },
    ];
    const current = [
      { code: 'FOO', value: 1 },
      { code: 'PAIRS', value: Number.NaN },
    ];
    expect(softWarnings(current, previous)).toEqual([]);
  });

  it('reports every warning, in catalogue order', () => {
    const previous = figures({ CONSENTS: 10, MENTORS_TEACHERS: 10, MENTEES_STUDENTS: 100, STUDENTS: 100 });
    const current = figures({ CONSENTS: 100, MENTORS_TEACHERS: 5, MENTEES_STUDENTS: 90, STUDENTS: 400 });
    expect(rules(softWarnings(current, previous))).toEqual([
      ['STUDENTS', 'JUMP'],
      ['MENTEES_STUDENTS', 'DECREASE'],
      ['MENTORS_TEACHERS', 'DECREASE'],
      ['CONSENTS', 'JUMP'],
    ]);
  });

  it('warns JUMP exactly when previous > 0 and current > 3 × previous, and DECREASE exactly when current < previous', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 4_000_000 }), (before, now) => {
        const found = softWarnings(figures({ MENTEES_STUDENTS: now }), figures({ MENTEES_STUDENTS: before }));
        expect(found.map((warning) => warning.rule)).toEqual([
          ...(now < before ? ['DECREASE'] : []),
          ...(before > 0 && now > 3 * before ? ['JUMP'] : []),
        ]);
      }),
    );
  });
});

describe('submitRequiresComment', () => {
  it('requires a comment when there is any warning', () => {
    expect(submitRequiresComment([])).toBe(false);
    expect(submitRequiresComment([{ code: 'PAIRS', rule: 'JUMP', message: '…' }])).toBe(true);
    expect(submitRequiresComment(softWarnings(figures({ MENTEES_STUDENTS: 5 }), figures({ MENTEES_STUDENTS: 6 })))).toBe(true);
  });
});
