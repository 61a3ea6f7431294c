import {
  EXTERNAL_MENTOR_SOURCES,
  MENTORING_FORMS,
  MentoringForm,
  STUDENT_FACING_FORMS,
  STUDENT_MENTEE_CATEGORIES,
} from './mentoring-vocabulary';
import {
  DataSetSection,
  findDataElement,
  QUARTERLY_REPORT_CATALOGUE,
  QUARTERLY_REPORT_CATALOGUE_V1,
  quarterlyReportCatalogue,
} from './quarterly-report-catalogue';

describe('mentoring vocabulary', () => {
  it('lists the seven forms of DESIGN §3 with Russian labels, four of them student-facing', () => {
    expect(MENTORING_FORMS.map((info) => [info.form, info.labelRu, info.studentFacing])).toEqual([
      ['STUDENT_STUDENT', 'ученик – ученик', true],
      ['TEACHER_STUDENT', 'учитель – ученик', true],
      ['UNIVERSITY_STUDENT_STUDENT', 'студент – ученик', true],
      ['EMPLOYER_STUDENT', 'работодатель – ученик', true],
      ['TEACHER_TEACHER', 'учитель – учитель', false],
      ['HEAD_TEACHER', 'руководитель ОО – педагог', false],
      ['UNIVERSITY_TEACHER_YOUNG_TEACHER', 'педагог вуза/колледжа – молодой педагог', false],
    ]);
    expect(Object.values(MentoringForm)).toHaveLength(7);
    expect(STUDENT_FACING_FORMS).toEqual(['STUDENT_STUDENT', 'TEACHER_STUDENT', 'UNIVERSITY_STUDENT_STUDENT', 'EMPLOYER_STUDENT']);
  });

  it('lists the external mentor sources and the student mentee categories', () => {
    expect(EXTERNAL_MENTOR_SOURCES).toEqual(['EMPLOYER', 'UNIVERSITY_STUDENT', 'GRADUATE', 'PARENT', 'OTHER']);
    expect(STUDENT_MENTEE_CATEGORIES).toEqual(['GIFTED', 'LOW_RESULTS', 'DISABILITIES', 'DIFFICULT_SITUATION', 'BEHAVIOUR', 'DISENGAGED']);
  });
});

describe('quarterly report catalogue v1', () => {
  const catalogue = QUARTERLY_REPORT_CATALOGUE_V1;

  it('is version 1 and the current catalogue', () => {
    expect(catalogue.version).toBe(1);
    expect(QUARTERLY_REPORT_CATALOGUE).toBe(catalogue);
    expect(quarterlyReportCatalogue(1)).toBe(catalogue);
    expect(quarterlyReportCatalogue(2)).toBeUndefined();
  });

  it('declares exactly the codes of DESIGN §5, in form order', () => {
    expect(catalogue.elements.map((element) => element.code)).toEqual([
      'STUDENTS',
      'MENTEES_STUDENTS',
      'MENTEES_STUDENTS_STUDENT_STUDENT',
      'MENTEES_STUDENTS_TEACHER_STUDENT',
      'MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT',
      'MENTEES_STUDENTS_EMPLOYER_STUDENT',
      'MENTORS_STUDENTS',
      'TEACHERS',
      'MENTEES_TEACHERS',
      'MENTEES_YOUNG_SPECIALISTS',
      'MENTORS_TEACHERS',
      'MENTORS_EXTERNAL_EMPLOYER',
      'MENTORS_EXTERNAL_UNIVERSITY_STUDENT',
      'MENTORS_EXTERNAL_GRADUATE',
      'MENTORS_EXTERNAL_PARENT',
      'MENTORS_EXTERNAL_OTHER',
      'PAIRS',
      'GROUPS',
      'MENTEES_CATEGORY_GIFTED',
      'MENTEES_CATEGORY_LOW_RESULTS',
      'MENTEES_CATEGORY_DISABILITIES',
      'MENTEES_CATEGORY_DIFFICULT_SITUATION',
      'MENTEES_CATEGORY_BEHAVIOUR',
      'MENTEES_CATEGORY_DISENGAGED',
      'CONSENTS',
    ]);
  });

  it('requires exactly the headline figures', () => {
    expect(catalogue.elements.filter((element) => element.required).map((element) => element.code)).toEqual([
      'STUDENTS',
      'MENTEES_STUDENTS',
      'MENTORS_STUDENTS',
      'TEACHERS',
      'MENTEES_TEACHERS',
      'MENTORS_TEACHERS',
    ]);
  });

  it('has the six sections with Russian labels, and every element belongs to one of them', () => {
    expect(catalogue.sections).toEqual([
      { code: 'STUDENTS', labelRu: 'Обучающиеся' },
      { code: 'TEACHERS', labelRu: 'Педагоги' },
      { code: 'EXTERNAL', labelRu: 'Внешние наставники' },
      { code: 'WORK', labelRu: 'Пары и группы' },
      { code: 'CATEGORIES', labelRu: 'Категории наставляемых' },
      { code: 'CONSENTS', labelRu: 'Согласия на обработку персональных данных' },
    ]);
    const sectionCodes = catalogue.sections.map((section) => section.code);
    for (const element of catalogue.elements) expect(sectionCodes).toContain(element.section);
  });

  it('labels every element in Russian', () => {
    for (const element of catalogue.elements) {
      expect(element.labelRu).toMatch(/^[А-ЯЁа-яё«(]/);
      expect(element.labelRu).not.toMatch(/[A-Za-z]/);
    }
    expect(new Set(catalogue.elements.map((element) => element.labelRu)).size).toBe(catalogue.elements.length);
  });

  it('carries form, source and category metadata on the breakdown elements', () => {
    expect(findDataElement('MENTEES_STUDENTS_EMPLOYER_STUDENT')).toEqual({
      code: 'MENTEES_STUDENTS_EMPLOYER_STUDENT',
      labelRu: 'Наставляемые обучающиеся по форме «работодатель – ученик»',
      section: DataSetSection.STUDENTS,
      required: false,
      measure: 'YEAR_TO_DATE',
      form: 'EMPLOYER_STUDENT',
    });
    expect(findDataElement('MENTORS_EXTERNAL_PARENT')).toMatchObject({ section: 'EXTERNAL', source: 'PARENT' });
    expect(findDataElement('MENTEES_CATEGORY_DISABILITIES')).toMatchObject({
      section: 'CATEGORIES',
      category: 'DISABILITIES',
      labelRu: 'Наставляемые: обучающиеся с ОВЗ',
    });
    expect(findDataElement('STUDENTS')).not.toHaveProperty('form');
  });

  it('marks head counts on the report date apart from year-to-date counts', () => {
    const onDate = catalogue.elements.filter((element) => element.measure === 'ON_DATE').map((element) => element.code);
    expect(onDate).toEqual(['STUDENTS', 'TEACHERS', 'PAIRS', 'GROUPS', 'CONSENTS']);
  });

  it('looks elements up by exact code', () => {
    expect(findDataElement('MENTORS_TEACHERS')?.labelRu).toBe('Педагоги в роли наставников (без повторного счёта)');
    expect(findDataElement('students')).toBeUndefined();
    expect(findDataElement('MENTEES_STUDENTS_TEACHER_TEACHER')).toBeUndefined();
    expect(findDataElement('')).toBeUndefined();
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(catalogue)).toBe(true);
    expect(Object.isFrozen(catalogue.elements)).toBe(true);
    expect(() => {
      (catalogue.elements[0] as { required: boolean }).required = false;
    }).toThrow(TypeError);
    expect(findDataElement('STUDENTS')?.required).toBe(true);
  });
});
