// The quarterly report data set (DESIGN §5), declared in code and versioned: a stored
// report names the catalogue version it was filled against, and a client renders the
// form from the catalogue rather than from a hard-coded list.
import {
  EXTERNAL_MENTOR_SOURCES,
  ExternalMentorSource,
  MENTORING_FORMS,
  MentoringForm,
  STUDENT_MENTEE_CATEGORIES,
  StudentMenteeCategory,
} from './mentoring-vocabulary';

export const DataSetSection = {
  STUDENTS: 'STUDENTS',
  TEACHERS: 'TEACHERS',
  EXTERNAL: 'EXTERNAL',
  WORK: 'WORK',
  CATEGORIES: 'CATEGORIES',
  CONSENTS: 'CONSENTS',
} as const;
export type DataSetSection = (typeof DataSetSection)[keyof typeof DataSetSection];

/**
 * How a figure behaves over the year. YEAR_TO_DATE counts unique people engaged since
 * 1 January, so it can only grow from quarter to quarter; ON_DATE is a head count on the
 * report date (students, teachers, pairs at work, consents held) and may go down.
 */
export type FigureMeasure = 'YEAR_TO_DATE' | 'ON_DATE';

export interface DataSetSectionInfo {
  readonly code: DataSetSection;
  readonly labelRu: string;
}

export interface DataElement {
  readonly code: string;
  readonly labelRu: string;
  readonly section: DataSetSection;
  readonly required: boolean;
  readonly measure: FigureMeasure;
  readonly form?: MentoringForm;
  readonly source?: ExternalMentorSource;
  readonly category?: StudentMenteeCategory;
}

export interface DataSetCatalogue {
  readonly version: number;
  readonly sections: readonly DataSetSectionInfo[];
  readonly elements: readonly DataElement[];
}

export const menteesByFormCode = (form: MentoringForm): string => `MENTEES_STUDENTS_${form}`;
export const externalMentorsCode = (source: ExternalMentorSource): string => `MENTORS_EXTERNAL_${source}`;
export const menteesByCategoryCode = (category: StudentMenteeCategory): string => `MENTEES_CATEGORY_${category}`;

const SOURCE_LABELS_RU: Readonly<Record<ExternalMentorSource, string>> = {
  [ExternalMentorSource.EMPLOYER]: 'представители работодателей',
  [ExternalMentorSource.UNIVERSITY_STUDENT]: 'студенты вузов и колледжей',
  [ExternalMentorSource.GRADUATE]: 'выпускники',
  [ExternalMentorSource.PARENT]: 'родители (законные представители)',
  [ExternalMentorSource.OTHER]: 'иные',
};

const CATEGORY_LABELS_RU: Readonly<Record<StudentMenteeCategory, string>> = {
  [StudentMenteeCategory.GIFTED]: 'одарённые обучающиеся',
  [StudentMenteeCategory.LOW_RESULTS]: 'обучающиеся с низкими образовательными результатами',
  [StudentMenteeCategory.DISABILITIES]: 'обучающиеся с ОВЗ',
  [StudentMenteeCategory.DIFFICULT_SITUATION]: 'обучающиеся в трудной жизненной ситуации',
  [StudentMenteeCategory.BEHAVIOUR]: 'обучающиеся с проблемами поведения',
  [StudentMenteeCategory.DISENGAGED]: 'обучающиеся, не включённые в жизнь школы',
};

const SECTIONS_V1: DataSetSectionInfo[] = [
  { code: DataSetSection.STUDENTS, labelRu: 'Обучающиеся' },
  { code: DataSetSection.TEACHERS, labelRu: 'Педагоги' },
  { code: DataSetSection.EXTERNAL, labelRu: 'Внешние наставники' },
  { code: DataSetSection.WORK, labelRu: 'Пары и группы' },
  { code: DataSetSection.CATEGORIES, labelRu: 'Категории наставляемых' },
  { code: DataSetSection.CONSENTS, labelRu: 'Согласия на обработку персональных данных' },
];

// Required figures are the ones coverage, progress and the federal form are computed
// from: a school must state them, even as 0, before it submits. Breakdowns (by form,
// source, category), pairs/groups and consents are optional: a school that does not run
// a form or does not track categories leaves them out, and an absent breakdown figure
// reads as "not reported" rather than forcing a column of zeros.
const ELEMENTS_V1: DataElement[] = [
  {
    code: 'STUDENTS',
    labelRu: 'Численность обучающихся (контингент) на отчётную дату',
    section: DataSetSection.STUDENTS,
    required: true,
    measure: 'ON_DATE',
  },
  {
    code: 'MENTEES_STUDENTS',
    labelRu: 'Обучающиеся, вовлечённые в наставничество в роли наставляемых (без повторного счёта)',
    section: DataSetSection.STUDENTS,
    required: true,
    measure: 'YEAR_TO_DATE',
  },
  ...MENTORING_FORMS.filter((info) => info.studentFacing).map((info): DataElement => ({
    code: menteesByFormCode(info.form),
    labelRu: `Наставляемые обучающиеся по форме «${info.labelRu}»`,
    section: DataSetSection.STUDENTS,
    required: false,
    measure: 'YEAR_TO_DATE',
    form: info.form,
  })),
  {
    code: 'MENTORS_STUDENTS',
    labelRu: 'Обучающиеся в роли наставников (без повторного счёта)',
    section: DataSetSection.STUDENTS,
    required: true,
    measure: 'YEAR_TO_DATE',
  },
  {
    code: 'TEACHERS',
    labelRu: 'Численность педагогических работников на отчётную дату',
    section: DataSetSection.TEACHERS,
    required: true,
    measure: 'ON_DATE',
  },
  {
    code: 'MENTEES_TEACHERS',
    labelRu: 'Педагоги, вовлечённые в наставничество в роли наставляемых (без повторного счёта)',
    section: DataSetSection.TEACHERS,
    required: true,
    measure: 'YEAR_TO_DATE',
  },
  {
    code: 'MENTEES_YOUNG_SPECIALISTS',
    labelRu: 'из них молодые специалисты (первые три года работы)',
    section: DataSetSection.TEACHERS,
    required: false,
    measure: 'YEAR_TO_DATE',
  },
  {
    code: 'MENTORS_TEACHERS',
    labelRu: 'Педагоги в роли наставников (без повторного счёта)',
    section: DataSetSection.TEACHERS,
    required: true,
    measure: 'YEAR_TO_DATE',
  },
  ...EXTERNAL_MENTOR_SOURCES.map((source): DataElement => ({
    code: externalMentorsCode(source),
    labelRu: `Внешние наставники: ${SOURCE_LABELS_RU[source]}`,
    section: DataSetSection.EXTERNAL,
    required: false,
    measure: 'YEAR_TO_DATE',
    source,
  })),
  {
    code: 'PAIRS',
    labelRu: 'Действующие наставнические пары',
    section: DataSetSection.WORK,
    required: false,
    measure: 'ON_DATE',
  },
  {
    code: 'GROUPS',
    labelRu: 'Действующие наставнические группы',
    section: DataSetSection.WORK,
    required: false,
    measure: 'ON_DATE',
  },
  ...STUDENT_MENTEE_CATEGORIES.map((category): DataElement => ({
    code: menteesByCategoryCode(category),
    labelRu: `Наставляемые: ${CATEGORY_LABELS_RU[category]}`,
    section: DataSetSection.CATEGORIES,
    required: false,
    measure: 'YEAR_TO_DATE',
    category,
  })),
  {
    code: 'CONSENTS',
    labelRu: 'Подписанные согласия на обработку персональных данных',
    section: DataSetSection.CONSENTS,
    required: false,
    measure: 'ON_DATE',
  },
];

function freezeCatalogue(catalogue: DataSetCatalogue): DataSetCatalogue {
  return Object.freeze({
    version: catalogue.version,
    sections: Object.freeze(catalogue.sections.map((section) => Object.freeze({ ...section }))),
    elements: Object.freeze(catalogue.elements.map((element) => Object.freeze({ ...element }))),
  });
}

export const QUARTERLY_REPORT_CATALOGUE_V1: DataSetCatalogue = freezeCatalogue({
  version: 1,
  sections: SECTIONS_V1,
  elements: ELEMENTS_V1,
});

/** The catalogue new reports are filled against. */
export const QUARTERLY_REPORT_CATALOGUE: DataSetCatalogue = QUARTERLY_REPORT_CATALOGUE_V1;

const QUARTERLY_REPORT_CATALOGUES: ReadonlyMap<number, DataSetCatalogue> = new Map([
  [QUARTERLY_REPORT_CATALOGUE_V1.version, QUARTERLY_REPORT_CATALOGUE_V1],
]);

/** The catalogue of a given version, for reading reports filled against older versions. */
export function quarterlyReportCatalogue(version: number): DataSetCatalogue | undefined {
  return QUARTERLY_REPORT_CATALOGUES.get(version);
}

const elementIndexes = new WeakMap<DataSetCatalogue, ReadonlyMap<string, DataElement>>();

/** The element with this code in the catalogue (the current one by default), or undefined. */
export function findDataElement(code: string, catalogue: DataSetCatalogue = QUARTERLY_REPORT_CATALOGUE): DataElement | undefined {
  let index = elementIndexes.get(catalogue);
  if (!index) {
    index = new Map(catalogue.elements.map((element) => [element.code, element]));
    elementIndexes.set(catalogue, index);
  }
  return index.get(code);
}
