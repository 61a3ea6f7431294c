import fc from 'fast-check';
import { STUDENT_FACING_FORMS, STUDENT_MENTEE_CATEGORIES } from './mentoring-vocabulary';
import { menteesByCategoryCode, menteesByFormCode } from './quarterly-report-catalogue';
import { FigureError, MAX_FIGURE_VALUE, ReportFigure, validateFigures } from './quarterly-report-validation';

const FORM_CODES = STUDENT_FACING_FORMS.map(menteesByFormCode);
const CATEGORY_CODES = STUDENT_MENTEE_CATEGORIES.map(menteesByCategoryCode);

/** A consistent report holding every figure of the catalogue. */
function fullReport(overrides: Record<string, number> = {}): ReportFigure[] {
  const values: Record<string, number> = {
    STUDENTS: 1000,
    MENTEES_STUDENTS: 400,
    MENTEES_STUDENTS_STUDENT_STUDENT: 250,
    MENTEES_STUDENTS_TEACHER_STUDENT: 120,
    MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT: 40,
    MENTEES_STUDENTS_EMPLOYER_STUDENT: 30,
    MENTORS_STUDENTS: 80,
    TEACHERS: 70,
    MENTEES_TEACHERS: 15,
    MENTEES_YOUNG_SPECIALISTS: 6,
    MENTORS_TEACHERS: 20,
    MENTORS_EXTERNAL_EMPLOYER: 3,
    MENTORS_EXTERNAL_UNIVERSITY_STUDENT: 5,
    MENTORS_EXTERNAL_GRADUATE: 2,
    MENTORS_EXTERNAL_PARENT: 4,
    MENTORS_EXTERNAL_OTHER: 0,
    PAIRS: 150,
    GROUPS: 12,
    MENTEES_CATEGORY_GIFTED: 60,
    MENTEES_CATEGORY_LOW_RESULTS: 90,
    MENTEES_CATEGORY_DISABILITIES: 10,
    MENTEES_CATEGORY_DIFFICULT_SITUATION: 5,
    MENTEES_CATEGORY_BEHAVIOUR: 8,
    MENTEES_CATEGORY_DISENGAGED: 20,
    CONSENTS: 480,
    ...overrides,
  };
  return Object.entries(values).map(([code, value]) => ({ code, value }));
}

const figures = (values: Record<string, number>): ReportFigure[] => Object.entries(values).map(([code, value]) => ({ code, value }));

const rules = (errors: FigureError[]) => errors.map((error) => [error.code, error.rule]);

const REQUIRED_ONLY = {
  STUDENTS: 500,
  MENTEES_STUDENTS: 100,
  MENTORS_STUDENTS: 20,
  TEACHERS: 40,
  MENTEES_TEACHERS: 5,
  MENTORS_TEACHERS: 8,
};

describe('validateFigures', () => {
  describe('complete and partial reports', () => {
    it('accepts a full consistent report, as a draft and for submit', () => {
      expect(validateFigures(fullReport())).toEqual([]);
      expect(validateFigures(fullReport(), { requireComplete: true })).toEqual([]);
    });

    it('accepts a report of the required figures only, all of them zero too', () => {
      expect(validateFigures(figures(REQUIRED_ONLY), { requireComplete: true })).toEqual([]);
      const zeros = Object.fromEntries(Object.keys(REQUIRED_ONLY).map((code) => [code, 0]));
      expect(validateFigures(figures(zeros), { requireComplete: true })).toEqual([]);
    });

    it('accepts a partial draft, and refuses it for submit naming each missing figure', () => {
      const draft = figures({ STUDENTS: 500, MENTEES_STUDENTS: 100 });
      expect(validateFigures(draft)).toEqual([]);
      expect(validateFigures(draft, { requireComplete: false })).toEqual([]);
      const errors = validateFigures(draft, { requireComplete: true });
      expect(rules(errors)).toEqual([
        ['MENTORS_STUDENTS', 'MISSING_REQUIRED'],
        ['TEACHERS', 'MISSING_REQUIRED'],
        ['MENTEES_TEACHERS', 'MISSING_REQUIRED'],
        ['MENTORS_TEACHERS', 'MISSING_REQUIRED'],
      ]);
      expect(errors[1].message).toBe('TEACHERS is required to submit the report');
    });

    it('accepts an empty draft, and refuses it for submit with all six required figures', () => {
      expect(validateFigures([])).toEqual([]);
      expect(validateFigures([], { requireComplete: true }).map((error) => error.code)).toEqual(Object.keys(REQUIRED_ONLY));
    });

    it('does not require the optional breakdowns for submit', () => {
      const withoutOptional = fullReport().filter((figure) => Object.keys(REQUIRED_ONLY).includes(figure.code));
      expect(validateFigures(withoutOptional, { requireComplete: true })).toEqual([]);
    });

    it('counts a figure with an invalid value as present, and reports the value instead', () => {
      const report = figures({ ...REQUIRED_ONLY, TEACHERS: -1 });
      expect(rules(validateFigures(report, { requireComplete: true }))).toEqual([['TEACHERS', 'NEGATIVE']]);
    });
  });

  describe('values', () => {
    it.each([0, 1, 999, MAX_FIGURE_VALUE])('accepts %p', (value) => {
      expect(validateFigures([{ code: 'PAIRS', value }])).toEqual([]);
    });

    it('refuses a fraction', () => {
      expect(validateFigures([{ code: 'PAIRS', value: 1.5 }])).toEqual([
        { code: 'PAIRS', rule: 'NOT_INTEGER', message: 'PAIRS must be a whole number, got 1.5' },
      ]);
    });

    it('refuses a negative value', () => {
      expect(validateFigures([{ code: 'GROUPS', value: -1 }])).toEqual([
        { code: 'GROUPS', rule: 'NEGATIVE', message: 'GROUPS must not be negative, got -1' },
      ]);
    });

    it('refuses 2^31, above the largest integer column value', () => {
      expect(MAX_FIGURE_VALUE).toBe(2147483647);
      expect(validateFigures([{ code: 'CONSENTS', value: 2 ** 31 }])).toEqual([
        { code: 'CONSENTS', rule: 'TOO_LARGE', message: 'CONSENTS (2147483648) must not exceed 2147483647' },
      ]);
    });

    it('reports every problem of one value', () => {
      expect(rules(validateFigures([{ code: 'PAIRS', value: -1.5 }]))).toEqual([
        ['PAIRS', 'NOT_INTEGER'],
        ['PAIRS', 'NEGATIVE'],
      ]);
    });

    it.each([
      ['NaN', Number.NaN, ['NOT_INTEGER']],
      ['Infinity', Number.POSITIVE_INFINITY, ['NOT_INTEGER', 'TOO_LARGE']],
      ['a numeric string', '5', ['NOT_INTEGER']],
      ['null', null, ['NOT_INTEGER']],
    ])('refuses %s from untyped input', (_name, value, expected) => {
      const errors = validateFigures([{ code: 'PAIRS', value: value as number }]);
      expect(errors.map((error) => error.rule)).toEqual(expected);
      expect(errors[0].message).toMatch(/^PAIRS must be a whole number, got /);
    });
  });

  describe('codes', () => {
    it.each(['FOO', 'students', 'MENTEES_STUDENTS_TEACHER_TEACHER', 'MENTEES_CATEGORY_BURNOUT', ''])(
      'refuses the unknown code %p',
      (code) => {
        expect(validateFigures([{ code, value: 1 }])).toEqual([
          {
            code,
            rule: 'UNKNOWN_CODE',
            message: `${code} is not a figure of the quarterly report catalogue v1`,
          },
        ]);
      },
    );

    it('reports an unknown code once even when repeated, and skips its value checks', () => {
      expect(rules(validateFigures(figures({ FOO: -1 }).concat({ code: 'FOO', value: 1.5 })))).toEqual([['FOO', 'UNKNOWN_CODE']]);
    });

    it('refuses a code given twice, naming it and both values', () => {
      const errors = validateFigures([
        { code: 'STUDENTS', value: 100 },
        { code: 'PAIRS', value: 3 },
        { code: 'STUDENTS', value: 120 },
      ]);
      expect(errors).toEqual([
        {
          code: 'STUDENTS',
          rule: 'DUPLICATE_CODE',
          message: 'STUDENTS is given 2 times (100, 120); a report holds each figure once',
        },
      ]);
    });

    it('refuses a duplicate even with equal values', () => {
      expect(rules(validateFigures(figures({ PAIRS: 3 }).concat({ code: 'PAIRS', value: 3 })))).toEqual([['PAIRS', 'DUPLICATE_CODE']]);
    });

    it('leaves a duplicated figure out of the cross-figure rules, as its value is ambiguous', () => {
      const report = [
        { code: 'STUDENTS', value: 100 },
        { code: 'STUDENTS', value: 10 },
        { code: 'MENTEES_STUDENTS', value: 50 },
      ];
      expect(rules(validateFigures(report))).toEqual([['STUDENTS', 'DUPLICATE_CODE']]);
    });
  });

  describe('cross-figure rules', () => {
    it('refuses MENTEES_STUDENTS above STUDENTS, and accepts it equal', () => {
      expect(validateFigures(figures({ STUDENTS: 100, MENTEES_STUDENTS: 120 }))).toEqual([
        {
          code: 'MENTEES_STUDENTS',
          rule: 'MENTEES_GT_STUDENTS',
          message: 'MENTEES_STUDENTS (120) must not exceed STUDENTS (100)',
        },
      ]);
      expect(validateFigures(figures({ STUDENTS: 100, MENTEES_STUDENTS: 100 }))).toEqual([]);
    });

    it('refuses MENTORS_STUDENTS above STUDENTS, and accepts it equal', () => {
      expect(validateFigures(figures({ STUDENTS: 100, MENTORS_STUDENTS: 101 }))).toEqual([
        {
          code: 'MENTORS_STUDENTS',
          rule: 'MENTORS_GT_STUDENTS',
          message: 'MENTORS_STUDENTS (101) must not exceed STUDENTS (100)',
        },
      ]);
      expect(validateFigures(figures({ STUDENTS: 100, MENTORS_STUDENTS: 100 }))).toEqual([]);
    });

    it('refuses MENTEES_TEACHERS above TEACHERS', () => {
      expect(validateFigures(figures({ TEACHERS: 40, MENTEES_TEACHERS: 41 }))).toEqual([
        {
          code: 'MENTEES_TEACHERS',
          rule: 'MENTEES_TEACHERS_GT_TEACHERS',
          message: 'MENTEES_TEACHERS (41) must not exceed TEACHERS (40)',
        },
      ]);
      expect(validateFigures(figures({ TEACHERS: 40, MENTEES_TEACHERS: 40 }))).toEqual([]);
    });

    it('refuses MENTEES_YOUNG_SPECIALISTS above MENTEES_TEACHERS', () => {
      expect(validateFigures(figures({ TEACHERS: 40, MENTEES_TEACHERS: 5, MENTEES_YOUNG_SPECIALISTS: 6 }))).toEqual([
        {
          code: 'MENTEES_YOUNG_SPECIALISTS',
          rule: 'YOUNG_SPECIALISTS_GT_MENTEES_TEACHERS',
          message: 'MENTEES_YOUNG_SPECIALISTS (6) must not exceed MENTEES_TEACHERS (5)',
        },
      ]);
      expect(validateFigures(figures({ TEACHERS: 40, MENTEES_TEACHERS: 5, MENTEES_YOUNG_SPECIALISTS: 5 }))).toEqual([]);
    });

    it('checks MENTEES_YOUNG_SPECIALISTS against TEACHERS when MENTEES_TEACHERS is not filled in', () => {
      expect(rules(validateFigures(figures({ TEACHERS: 4, MENTEES_YOUNG_SPECIALISTS: 5 })))).toEqual([
        ['MENTEES_YOUNG_SPECIALISTS', 'YOUNG_SPECIALISTS_GT_TEACHERS'],
      ]);
    });

    it('reports both links of a broken teacher chain', () => {
      const report = figures({ TEACHERS: 10, MENTEES_TEACHERS: 20, MENTEES_YOUNG_SPECIALISTS: 30 });
      expect(rules(validateFigures(report))).toEqual([
        ['MENTEES_TEACHERS', 'MENTEES_TEACHERS_GT_TEACHERS'],
        ['MENTEES_YOUNG_SPECIALISTS', 'YOUNG_SPECIALISTS_GT_MENTEES_TEACHERS'],
      ]);
    });

    it.each(FORM_CODES)('refuses %s above MENTEES_STUDENTS', (formCode) => {
      const report = fullReport({ MENTEES_STUDENTS: 400, [formCode]: 401 });
      expect(validateFigures(report)).toEqual([
        { code: formCode, rule: 'FORM_GT_MENTEES', message: `${formCode} (401) must not exceed MENTEES_STUDENTS (400)` },
      ]);
      expect(validateFigures(fullReport({ MENTEES_STUDENTS: 400, [formCode]: 400 }))).toEqual([]);
    });

    it('checks a form figure against STUDENTS when MENTEES_STUDENTS is not filled in', () => {
      expect(rules(validateFigures(figures({ STUDENTS: 10, MENTEES_STUDENTS_STUDENT_STUDENT: 11 })))).toEqual([
        ['MENTEES_STUDENTS_STUDENT_STUDENT', 'FORM_GT_STUDENTS'],
      ]);
    });

    it.each(CATEGORY_CODES)('refuses %s above MENTEES_STUDENTS', (categoryCode) => {
      const report = fullReport({ MENTEES_STUDENTS: 400, [categoryCode]: 401 });
      expect(validateFigures(report)).toEqual([
        {
          code: categoryCode,
          rule: 'CATEGORY_GT_MENTEES',
          message: `${categoryCode} (401) must not exceed MENTEES_STUDENTS (400)`,
        },
      ]);
    });

    it('checks a category figure against STUDENTS when MENTEES_STUDENTS is not filled in', () => {
      expect(rules(validateFigures(figures({ STUDENTS: 10, MENTEES_CATEGORY_GIFTED: 11 })))).toEqual([
        ['MENTEES_CATEGORY_GIFTED', 'CATEGORY_GT_STUDENTS'],
      ]);
    });

    it('lets the categories add up to more than MENTEES_STUDENTS, as a student may be in several', () => {
      const report = fullReport(Object.fromEntries(CATEGORY_CODES.map((code) => [code, 400])));
      expect(validateFigures(report)).toEqual([]);
    });

    it('does not compare with a bound whose own value is invalid', () => {
      expect(rules(validateFigures(figures({ STUDENTS: -5, MENTEES_STUDENTS: 10, MENTEES_CATEGORY_GIFTED: 10 })))).toEqual([
        ['STUDENTS', 'NEGATIVE'],
      ]);
      expect(rules(validateFigures(figures({ STUDENTS: 5, MENTEES_STUDENTS: 1.5, MENTEES_CATEGORY_GIFTED: 10 })))).toEqual([
        ['MENTEES_STUDENTS', 'NOT_INTEGER'],
      ]);
    });
  });

  describe('unique mentees against the per-form breakdown', () => {
    const base = { STUDENTS: 1000, MENTEES_STUDENTS: 50 };

    it('refuses MENTEES_STUDENTS above the sum of the forms, naming the forms and the sum', () => {
      const report = figures({ ...base, MENTEES_STUDENTS_STUDENT_STUDENT: 20, MENTEES_STUDENTS_TEACHER_STUDENT: 20 });
      expect(validateFigures(report)).toEqual([
        {
          code: 'MENTEES_STUDENTS',
          rule: 'MENTEES_GT_FORMS_SUM',
          message:
            'MENTEES_STUDENTS (50) must not exceed the sum of the per-form figures ' +
            'MENTEES_STUDENTS_STUDENT_STUDENT + MENTEES_STUDENTS_TEACHER_STUDENT (40): ' +
            'every student mentee takes part in at least one form',
        },
      ]);
    });

    it('accepts MENTEES_STUDENTS equal to the sum (nobody in two forms)', () => {
      const report = figures({ ...base, MENTEES_STUDENTS_STUDENT_STUDENT: 30, MENTEES_STUDENTS_TEACHER_STUDENT: 20 });
      expect(validateFigures(report)).toEqual([]);
    });

    it('accepts a sum above MENTEES_STUDENTS: a student in two forms counts once in the unique total', () => {
      const report = figures({ ...base, MENTEES_STUDENTS_STUDENT_STUDENT: 45, MENTEES_STUDENTS_TEACHER_STUDENT: 40 });
      expect(validateFigures(report)).toEqual([]);
    });

    it('does not check without any form figure: the breakdown is not reported', () => {
      expect(validateFigures(figures(base))).toEqual([]);
    });

    it('counts a form left out as 0 once any form figure is given', () => {
      expect(rules(validateFigures(figures({ ...base, MENTEES_STUDENTS_EMPLOYER_STUDENT: 10 })))).toEqual([
        ['MENTEES_STUDENTS', 'MENTEES_GT_FORMS_SUM'],
      ]);
      expect(validateFigures(figures({ ...base, MENTEES_STUDENTS_EMPLOYER_STUDENT: 50 }))).toEqual([]);
    });

    it('accepts zero mentees with zero forms', () => {
      expect(validateFigures(figures({ STUDENTS: 10, MENTEES_STUDENTS: 0, MENTEES_STUDENTS_STUDENT_STUDENT: 0 }))).toEqual([]);
    });

    it('does not sum when a form figure is invalid, which is reported on its own', () => {
      const report = figures({ ...base, MENTEES_STUDENTS_STUDENT_STUDENT: 10, MENTEES_STUDENTS_TEACHER_STUDENT: -1 });
      expect(rules(validateFigures(report))).toEqual([['MENTEES_STUDENTS_TEACHER_STUDENT', 'NEGATIVE']]);
    });
  });

  it('returns every error at once', () => {
    const report: ReportFigure[] = [
      { code: 'STUDENTS', value: 100 },
      { code: 'MENTEES_STUDENTS', value: 120 },
      { code: 'MENTEES_STUDENTS_STUDENT_STUDENT', value: 130 },
      { code: 'MENTORS_STUDENTS', value: 150 },
      { code: 'TEACHERS', value: 10 },
      { code: 'MENTEES_TEACHERS', value: 11 },
      { code: 'PAIRS', value: 1.5 },
      { code: 'GROUPS', value: -2 },
      { code: 'CONSENTS', value: 2 ** 31 },
      { code: 'UNKNOWN', value: 1 },
      { code: 'MENTEES_CATEGORY_GIFTED', value: 121 },
      { code: 'GROUPS', value: 3 },
    ];
    // Per-figure errors in input order, then cross-figure rules, then missing figures.
    expect(rules(validateFigures(report, { requireComplete: true }))).toEqual([
      ['PAIRS', 'NOT_INTEGER'],
      ['GROUPS', 'DUPLICATE_CODE'],
      ['GROUPS', 'NEGATIVE'],
      ['CONSENTS', 'TOO_LARGE'],
      ['UNKNOWN', 'UNKNOWN_CODE'],
      ['MENTEES_STUDENTS', 'MENTEES_GT_STUDENTS'],
      ['MENTEES_STUDENTS_STUDENT_STUDENT', 'FORM_GT_MENTEES'],
      ['MENTORS_STUDENTS', 'MENTORS_GT_STUDENTS'],
      ['MENTEES_TEACHERS', 'MENTEES_TEACHERS_GT_TEACHERS'],
      ['MENTEES_CATEGORY_GIFTED', 'CATEGORY_GT_MENTEES'],
      ['MENTORS_TEACHERS', 'MISSING_REQUIRED'],
    ]);
  });

  describe('properties', () => {
    const consistentReport = fc
      .record({
        students: fc.integer({ min: 0, max: MAX_FIGURE_VALUE }),
        teachers: fc.integer({ min: 0, max: 100_000 }),
        shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
      })
      .map(({ students, teachers, shares }) => {
        const part = (of: number, i: number) => Math.floor(of * shares[i]);
        const mentees = part(students, 0);
        const forms = FORM_CODES.map((_, i) => part(mentees, 1 + i));
        forms[0] = Math.max(forms[0], mentees - forms.slice(1).reduce((a, b) => a + b, 0));
        const menteesTeachers = part(teachers, 5);
        return figures({
          STUDENTS: students,
          MENTEES_STUDENTS: mentees,
          ...Object.fromEntries(FORM_CODES.map((code, i) => [code, forms[i]])),
          MENTORS_STUDENTS: part(students, 6),
          TEACHERS: teachers,
          MENTEES_TEACHERS: menteesTeachers,
          MENTEES_YOUNG_SPECIALISTS: part(menteesTeachers, 7),
          MENTORS_TEACHERS: part(teachers, 8),
          ...Object.fromEntries(CATEGORY_CODES.map((code, i) => [code, part(mentees, 9 + i)])),
          PAIRS: part(students, 15),
        });
      });

    it('accepts any consistent report', () => {
      fc.assert(
        fc.property(consistentReport, (report) => {
          expect(validateFigures(report, { requireComplete: true })).toEqual([]);
        }),
      );
    });

    it('finds the same errors whatever the order of the figures', () => {
      const anyFigure = fc.record({
        code: fc.constantFrom(...fullReport().map((figure) => figure.code), 'UNKNOWN'),
        value: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constant(1.5)),
      });
      // Messages may list a duplicate's values in input order; the findings themselves may not change.
      const sorted = (errors: FigureError[]) => errors.map((error) => `${error.code} ${error.rule}`).sort();
      fc.assert(
        fc.property(
          fc
            .array(anyFigure, { maxLength: 30 })
            .chain((report) => fc.tuple(fc.constant(report), fc.shuffledSubarray(report, { minLength: report.length }))),
          ([report, shuffled]) => {
            expect(sorted(validateFigures(shuffled, { requireComplete: true }))).toEqual(
              sorted(validateFigures(report, { requireComplete: true })),
            );
          },
        ),
      );
    });
  });
});
