import { QUARTERLY_REPORT_CATALOGUE } from '@mm/domain';
import { completeFigures, menteesAreStudents, registryDerivedCodes, registryDifferences } from './registry.figures';

describe('registry figures', () => {
  it('derives every catalogue code but the enrollment ones', () => {
    const codes = registryDerivedCodes();
    expect(codes).not.toContain('STUDENTS');
    expect(codes).not.toContain('TEACHERS');
    expect(codes).toHaveLength(QUARTERLY_REPORT_CATALOGUE.elements.length - 2);
    expect(codes).toEqual(
      expect.arrayContaining([
        'MENTEES_STUDENTS',
        'MENTEES_STUDENTS_STUDENT_STUDENT',
        'PAIRS',
        'GROUPS',
        'CONSENTS',
        'MENTORS_EXTERNAL_PARENT',
      ]),
    );
  });

  it('fills the codes nobody counts towards with 0 and drops codes outside the catalogue', () => {
    const figures = completeFigures([
      { code: 'PAIRS', value: 3 },
      { code: 'MENTEES_STUDENTS_TEACHER_TEACHER', value: 1 },
    ]);
    expect(figures.find((f) => f.code === 'PAIRS')?.value).toBe(3);
    expect(figures.find((f) => f.code === 'GROUPS')?.value).toBe(0);
    expect(figures.some((f) => f.code === 'MENTEES_STUDENTS_TEACHER_TEACHER')).toBe(false);
  });

  it('tells student-facing forms from teachers’ forms', () => {
    expect(menteesAreStudents('EMPLOYER_STUDENT')).toBe(true);
    expect(menteesAreStudents('HEAD_TEACHER')).toBe(false);
  });

  it('lists typed figures that differ from the registry, and only typed registry-derived ones', () => {
    const derived = completeFigures([
      { code: 'MENTEES_STUDENTS', value: 3 },
      { code: 'PAIRS', value: 1 },
    ]);
    const typed = [
      { code: 'STUDENTS', value: 500 },
      { code: 'MENTEES_STUDENTS', value: 4 },
      { code: 'PAIRS', value: 1 },
      { code: 'GROUPS', value: 2 },
    ];
    expect(registryDifferences(typed, derived).map((d) => [d.code, d.registryValue])).toEqual([
      ['MENTEES_STUDENTS', 3],
      ['GROUPS', 0],
    ]);
  });
});
