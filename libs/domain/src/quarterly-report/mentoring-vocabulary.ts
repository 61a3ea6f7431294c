// Vocabulary of the target model of mentoring (DESIGN §3) that the quarterly report
// catalogue is built from. Each is a const object plus a union type of the same name:
// `MentoringForm.STUDENT_STUDENT` and the plain string 'STUDENT_STUDENT' are both accepted,
// and the object can be registered as a GraphQL enum or listed as a database enum.

export const MentoringForm = {
  STUDENT_STUDENT: 'STUDENT_STUDENT',
  TEACHER_STUDENT: 'TEACHER_STUDENT',
  UNIVERSITY_STUDENT_STUDENT: 'UNIVERSITY_STUDENT_STUDENT',
  EMPLOYER_STUDENT: 'EMPLOYER_STUDENT',
  TEACHER_TEACHER: 'TEACHER_TEACHER',
  HEAD_TEACHER: 'HEAD_TEACHER',
  UNIVERSITY_TEACHER_YOUNG_TEACHER: 'UNIVERSITY_TEACHER_YOUNG_TEACHER',
} as const;
export type MentoringForm = (typeof MentoringForm)[keyof typeof MentoringForm];

export interface MentoringFormInfo {
  readonly form: MentoringForm;
  readonly labelRu: string;
  /** The mentee is a student (обучающийся); such forms get a per-form figure in the report. */
  readonly studentFacing: boolean;
}

export const MENTORING_FORMS: readonly MentoringFormInfo[] = Object.freeze(
  [
    { form: MentoringForm.STUDENT_STUDENT, labelRu: 'ученик – ученик', studentFacing: true },
    { form: MentoringForm.TEACHER_STUDENT, labelRu: 'учитель – ученик', studentFacing: true },
    { form: MentoringForm.UNIVERSITY_STUDENT_STUDENT, labelRu: 'студент – ученик', studentFacing: true },
    { form: MentoringForm.EMPLOYER_STUDENT, labelRu: 'работодатель – ученик', studentFacing: true },
    { form: MentoringForm.TEACHER_TEACHER, labelRu: 'учитель – учитель', studentFacing: false },
    { form: MentoringForm.HEAD_TEACHER, labelRu: 'руководитель ОО – педагог', studentFacing: false },
    {
      form: MentoringForm.UNIVERSITY_TEACHER_YOUNG_TEACHER,
      labelRu: 'педагог вуза/колледжа – молодой педагог',
      studentFacing: false,
    },
  ].map((info) => Object.freeze(info)),
);

export const STUDENT_FACING_FORMS: readonly MentoringForm[] = Object.freeze(
  MENTORING_FORMS.filter((info) => info.studentFacing).map((info) => info.form),
);

/** Where an external (non-staff, non-student) mentor comes from. */
export const ExternalMentorSource = {
  EMPLOYER: 'EMPLOYER',
  UNIVERSITY_STUDENT: 'UNIVERSITY_STUDENT',
  GRADUATE: 'GRADUATE',
  PARENT: 'PARENT',
  OTHER: 'OTHER',
} as const;
export type ExternalMentorSource = (typeof ExternalMentorSource)[keyof typeof ExternalMentorSource];

export const EXTERNAL_MENTOR_SOURCES: readonly ExternalMentorSource[] = Object.freeze(Object.values(ExternalMentorSource));

/** Categories of student mentees (DESIGN §3). */
export const StudentMenteeCategory = {
  GIFTED: 'GIFTED',
  LOW_RESULTS: 'LOW_RESULTS',
  DISABILITIES: 'DISABILITIES',
  DIFFICULT_SITUATION: 'DIFFICULT_SITUATION',
  BEHAVIOUR: 'BEHAVIOUR',
  DISENGAGED: 'DISENGAGED',
} as const;
export type StudentMenteeCategory = (typeof StudentMenteeCategory)[keyof typeof StudentMenteeCategory];

export const STUDENT_MENTEE_CATEGORIES: readonly StudentMenteeCategory[] = Object.freeze(Object.values(StudentMenteeCategory));
