import { externalMentorsCode, menteesByFormCode, type ExternalMentorSource, type MentoringForm } from '@mm/domain';

/**
 * The report figures a monitoring row keeps besides students, mentees and mentors: what the
 * monitoring summary and the federal form show (mentees by student-facing form, mentors by
 * source, teachers, pairs, groups). Code → column of the monitoring tables (migration
 * 1764150000500); a test checks this covers every student-facing form and every mentor source
 * of the catalogue.
 */
export const BREAKDOWN_FIGURES = [
  { code: 'TEACHERS', column: 'teachers', field: 'teachers' },
  { code: menteesByFormCode('STUDENT_STUDENT' satisfies MentoringForm), column: 'mentees_student_student', field: 'menteesStudentStudent' },
  { code: menteesByFormCode('TEACHER_STUDENT' satisfies MentoringForm), column: 'mentees_teacher_student', field: 'menteesTeacherStudent' },
  {
    code: menteesByFormCode('UNIVERSITY_STUDENT_STUDENT' satisfies MentoringForm),
    column: 'mentees_university_student_student',
    field: 'menteesUniversityStudentStudent',
  },
  {
    code: menteesByFormCode('EMPLOYER_STUDENT' satisfies MentoringForm),
    column: 'mentees_employer_student',
    field: 'menteesEmployerStudent',
  },
  { code: 'MENTEES_TEACHERS', column: 'mentees_teachers', field: 'menteesTeachers' },
  { code: 'MENTEES_YOUNG_SPECIALISTS', column: 'mentees_young_specialists', field: 'menteesYoungSpecialists' },
  { code: 'MENTORS_TEACHERS', column: 'mentors_teachers', field: 'mentorsTeachers' },
  {
    code: externalMentorsCode('EMPLOYER' satisfies ExternalMentorSource),
    column: 'mentors_external_employer',
    field: 'mentorsExternalEmployer',
  },
  {
    code: externalMentorsCode('UNIVERSITY_STUDENT' satisfies ExternalMentorSource),
    column: 'mentors_external_university_student',
    field: 'mentorsExternalUniversityStudent',
  },
  {
    code: externalMentorsCode('GRADUATE' satisfies ExternalMentorSource),
    column: 'mentors_external_graduate',
    field: 'mentorsExternalGraduate',
  },
  { code: externalMentorsCode('PARENT' satisfies ExternalMentorSource), column: 'mentors_external_parent', field: 'mentorsExternalParent' },
  { code: externalMentorsCode('OTHER' satisfies ExternalMentorSource), column: 'mentors_external_other', field: 'mentorsExternalOther' },
  { code: 'PAIRS', column: 'pairs', field: 'pairs' },
  { code: 'GROUPS', column: 'groups', field: 'groups' },
] as const;

export type BreakdownField = (typeof BREAKDOWN_FIGURES)[number]['field'];

/** The breakdown figures of a row: null where the report did not state the figure (or there is no report). */
export type Breakdown = Record<BreakdownField, number | null>;

/** Integer columns every monitoring row has, and their camelCase names in the read model. */
export const COUNT_COLUMNS = [
  { column: 'students', field: 'students' },
  { column: 'base_students', field: 'baseStudents' },
  { column: 'mentor_base', field: 'mentorBase' },
  { column: 'mentees', field: 'mentees' },
  { column: 'mentors', field: 'mentors' },
  { column: 'mentee_target', field: 'menteeTarget' },
  { column: 'mentor_target', field: 'mentorTarget' },
  { column: 'previous_mentees', field: 'previousMentees' },
  { column: 'mentees_delta', field: 'menteesDelta' },
] as const;

/** Every figure column of the monitoring tables (counts, percents, breakdowns). */
export const FIGURE_COLUMNS: readonly string[] = [
  ...COUNT_COLUMNS.map((c) => c.column),
  'coverage_percent',
  'progress_percent',
  ...BREAKDOWN_FIGURES.map((b) => b.column),
];
