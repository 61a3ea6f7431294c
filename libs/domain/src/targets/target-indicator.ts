/**
 * MENTEE_COVERAGE: students engaged as mentees, as a percent of the school's students.
 * STUDENT_MENTORS: students acting as mentors, as a percent of the school's mentor base.
 */
export const TARGET_INDICATORS = ['MENTEE_COVERAGE', 'STUDENT_MENTORS'] as const;

export type TargetIndicator = (typeof TARGET_INDICATORS)[number];
