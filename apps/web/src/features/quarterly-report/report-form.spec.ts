import { figuresOf, problemsByField, sameFigures, valuesOf, warningsByCode } from './report-form';

describe('quarterly report form helpers', () => {
  const order = ['STUDENTS', 'MENTEES_STUDENTS', 'TEACHERS'];

  it('turns typed text into figures in catalogue order, leaving empty fields out', () => {
    expect(figuresOf({ TEACHERS: ' 40 ', STUDENTS: '1 200', MENTEES_STUDENTS: '' }, order)).toEqual({
      figures: [
        { code: 'STUDENTS', value: 1200 },
        { code: 'TEACHERS', value: 40 },
      ],
      notIntegers: [],
    });
  });

  it('keeps negative whole numbers for the server to judge, but refuses what GraphQL Int cannot carry', () => {
    const parsed = figuresOf({ STUDENTS: '-3', MENTEES_STUDENTS: '2.5', TEACHERS: '99999999999' }, order);
    expect(parsed.figures).toEqual([{ code: 'STUDENTS', value: -3 }]);
    expect(parsed.notIntegers).toEqual(['MENTEES_STUDENTS', 'TEACHERS']);
  });

  it('compares figure sets regardless of order', () => {
    const a = [
      { code: 'A', value: 1 },
      { code: 'B', value: 2 },
    ];
    expect(sameFigures(a, [...a].reverse())).toBe(true);
    expect(
      sameFigures(a, [
        { code: 'A', value: 1 },
        { code: 'B', value: 3 },
      ]),
    ).toBe(false);
    expect(sameFigures(a, a.slice(1))).toBe(false);
    expect(valuesOf(a)).toEqual({ A: '1', B: '2' });
  });

  it('puts each server problem next to its figure, the comment by the comment, the rest in the summary', () => {
    const grouped = problemsByField(
      [
        { field: 'MENTEES_STUDENTS', message: 'MENTEES_STUDENTS (600) must not exceed STUDENTS (500)', rule: 'MENTEES_GT_STUDENTS' },
        { field: 'comment', message: 'required' },
        { field: 'input.figures', message: 'too many' },
      ],
      new Set(order),
    );
    expect(grouped.get('MENTEES_STUDENTS')?.[0]?.rule).toBe('MENTEES_GT_STUDENTS');
    expect(grouped.get('comment')).toHaveLength(1);
    expect(grouped.get('')).toHaveLength(1);
    expect(warningsByCode([{ code: 'A', rule: 'JUMP', message: 'x' }]).get('A')).toHaveLength(1);
  });
});
