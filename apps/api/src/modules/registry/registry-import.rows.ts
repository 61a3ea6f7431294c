import {
  EXTERNAL_MENTOR_SOURCES,
  isCalendarDate,
  MENTORING_FORMS,
  STUDENT_MENTEE_CATEGORIES,
  type ExternalMentorSource,
  type MentoringForm,
  type StudentMenteeCategory,
} from '@mm/domain';
import type { TabularRow } from '../../engine/import/tabular-file.reader';
import { menteesAreStudents } from './registry.figures';
import { MentoringRole, ParticipantKind } from './registry.types';

/**
 * The school's spreadsheet of participants and pairs, one row per person — or per membership: a
 * person in two mentorings has two rows with the same full name, the person's columns filled on the
 * first (or repeated identically). Rows sharing the `пара_группа` key form one pair or group with
 * the form and dates of that key. Headers are Russian (as a school keeps them) or the English names.
 */
export const COLUMNS = {
  fullName: ['фио', 'full_name'],
  kind: ['вид', 'kind'],
  grade: ['класс', 'grade'],
  youngSpecialist: ['молодой_специалист', 'young_specialist'],
  externalSource: ['источник', 'external_source'],
  categories: ['категории', 'categories'],
  consentSignedOn: ['согласие_дата', 'consent_signed_on'],
  consentSignedBy: ['согласие_подписал', 'consent_signed_by'],
  consentDocument: ['согласие_номер', 'consent_document_number'],
  mentoring: ['пара_группа', 'mentoring'],
  role: ['роль', 'role'],
  form: ['форма', 'form'],
  startedOn: ['начало', 'started_on'],
  endedOn: ['окончание', 'ended_on'],
} as const;
type Column = keyof typeof COLUMNS;
/** The header names the export writes (and the import reads first). */
export const EXPORT_HEADERS: readonly string[] = Object.values(COLUMNS).map((names) => names[0]);
export const HEADER_LINE = 1;

const KINDS: Record<string, ParticipantKind> = {
  ученик: 'STUDENT',
  обучающийся: 'STUDENT',
  педагог: 'TEACHER',
  учитель: 'TEACHER',
  внешний: 'EXTERNAL',
  student: 'STUDENT',
  teacher: 'TEACHER',
  external: 'EXTERNAL',
};
const ROLES: Record<string, MentoringRole> = { наставник: 'MENTOR', наставляемый: 'MENTEE', mentor: 'MENTOR', mentee: 'MENTEE' };
export const KIND_WORDS: Record<ParticipantKind, string> = { STUDENT: 'ученик', TEACHER: 'педагог', EXTERNAL: 'внешний' };
export const ROLE_WORDS: Record<MentoringRole, string> = { MENTOR: 'наставник', MENTEE: 'наставляемый' };
const YES = new Set(['да', 'yes', 'true', '1']);
const NO = new Set(['', 'нет', 'no', 'false', '0']);

export interface ImportPerson {
  line: number;
  fullName: string;
  kind: ParticipantKind;
  grade: number | null;
  youngSpecialist: boolean;
  externalSource: ExternalMentorSource | null;
  categories: StudentMenteeCategory[];
  consent: { signedOn: string; signedBy: string; documentNumber: string | null } | null;
}

export interface ImportMentoring {
  key: string;
  line: number;
  form: MentoringForm;
  startedOn: string;
  endedOn: string | null;
  members: { fullName: string; role: MentoringRole }[];
}

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

/** Dates as YYYY-MM-DD or DD.MM.YYYY (how a Russian spreadsheet shows them); null when not a real date. */
export function parseDate(text: string): string | null {
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isCalendarDate(iso) ? iso : null;
}

/**
 * Every problem of every row at once, and — when there is none — the people and the mentorings the
 * file describes. `existingNames`: full names already in the school's registry (a name is a person).
 */
export function parseRegistryTable(
  table: readonly TabularRow[],
  existingNames: ReadonlySet<string>,
): { people: ImportPerson[]; mentorings: ImportMentoring[]; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const headers = Object.keys(table[0]?.values ?? {});
  const known = new Set<string>(Object.values(COLUMNS).flat());
  for (const header of headers) {
    if (!known.has(header))
      errors.push({ line: HEADER_LINE, field: header, message: `unknown column "${header}"; expected ${EXPORT_HEADERS.join(', ')}` });
  }
  for (const column of ['fullName', 'kind'] as const) {
    if (!COLUMNS[column].some((name) => headers.includes(name)))
      errors.push({ line: HEADER_LINE, field: COLUMNS[column][0], message: `the column "${COLUMNS[column][0]}" is missing` });
  }
  const people = new Map<string, ImportPerson>();
  const mentorings = new Map<string, ImportMentoring>();
  for (const { line, values } of table) {
    const cell = (column: Column) => COLUMNS[column].map((name) => values[name] ?? '').find((v) => v !== '') ?? '';
    const problem = (column: Column, message: string) => errors.push({ line, field: COLUMNS[column][0], message });
    const fullName = cell('fullName').replace(/\s+/g, ' ');
    if (!fullName) {
      problem('fullName', 'the full name is empty');
      continue;
    }
    if (fullName.length > 300) problem('fullName', 'the full name is longer than 300 characters');
    const personColumns: Column[] = [
      'kind',
      'grade',
      'youngSpecialist',
      'externalSource',
      'categories',
      'consentSignedOn',
      'consentSignedBy',
      'consentDocument',
    ];
    const described = personColumns.some((c) => cell(c) !== '');
    if (!people.has(fullName)) {
      if (existingNames.has(fullName)) problem('fullName', 'a participant with this full name is already in the registry');
      const person = parsePerson(line, fullName, cell, problem);
      if (person) people.set(fullName, person);
    } else if (described) {
      const again = parsePerson(line, fullName, cell, () => undefined);
      const first = people.get(fullName)!;
      if (!again || JSON.stringify({ ...again, line: 0 }) !== JSON.stringify({ ...first, line: 0 })) {
        problem('fullName', `the person is described differently on line ${first.line}; repeat rows may leave the person's columns empty`);
      }
    }
    const key = cell('mentoring');
    const membership: Column[] = ['role', 'form', 'startedOn', 'endedOn'];
    if (!key) {
      for (const c of membership)
        if (cell(c)) problem('mentoring', `"${COLUMNS[c][0]}" is given but not the pair or group ("${COLUMNS.mentoring[0]}")`);
      continue;
    }
    const role = ROLES[cell('role').toLowerCase()];
    if (!role) problem('role', `the role must be one of ${Object.keys(ROLES).join(', ')}`);
    const formText = cell('form').toUpperCase();
    const form = MENTORING_FORMS.find((f) => f.form === formText || f.labelRu === cell('form').toLowerCase())?.form;
    const startedOn = parseDate(cell('startedOn'));
    const endedOn = cell('endedOn') ? parseDate(cell('endedOn')) : null;
    let mentoring = mentorings.get(key);
    if (!mentoring) {
      if (!form) problem('form', `the form must be one of ${MENTORING_FORMS.map((f) => f.form).join(', ')}`);
      if (!startedOn) problem('startedOn', 'the start date must be a date (YYYY-MM-DD or DD.MM.YYYY)');
      if (cell('endedOn') && !endedOn) problem('endedOn', 'the end date must be a date (YYYY-MM-DD or DD.MM.YYYY)');
      if (startedOn && endedOn && endedOn < startedOn) problem('endedOn', 'the end date is before the start date');
      if (!form || !startedOn || (cell('endedOn') && !endedOn)) continue;
      mentoring = { key, line, form, startedOn, endedOn, members: [] };
      mentorings.set(key, mentoring);
    } else {
      if (cell('form') && form !== mentoring.form) problem('form', `the pair or group "${key}" has another form on line ${mentoring.line}`);
      if (cell('startedOn') && startedOn !== mentoring.startedOn)
        problem('startedOn', `the pair or group "${key}" starts on ${mentoring.startedOn} (line ${mentoring.line})`);
      if (cell('endedOn') && endedOn !== mentoring.endedOn)
        problem('endedOn', `the pair or group "${key}" has another end date on line ${mentoring.line}`);
    }
    if (!role) continue;
    if (mentoring.members.some((m) => m.fullName === fullName)) {
      problem('fullName', `the person is already in the pair or group "${key}"`);
      continue;
    }
    const person = people.get(fullName);
    if (person) {
      if (role === 'MENTEE' && person.kind !== (menteesAreStudents(mentoring.form) ? 'STUDENT' : 'TEACHER')) {
        problem('role', `the mentees of form ${mentoring.form} are ${menteesAreStudents(mentoring.form) ? 'students' : 'teachers'}`);
      }
      if (!person.consent || person.consent.signedOn > mentoring.startedOn) {
        problem(
          'consentSignedOn',
          `no consent signed by ${mentoring.startedOn}, the start of "${key}": a person without a consent cannot join a pair or group`,
        );
      }
    }
    mentoring.members.push({ fullName, role });
  }
  for (const m of mentorings.values()) {
    if (!m.members.some((x) => x.role === 'MENTOR') || !m.members.some((x) => x.role === 'MENTEE')) {
      errors.push({
        line: m.line,
        field: COLUMNS.mentoring[0],
        message: `the pair or group "${m.key}" needs at least one mentor and one mentee`,
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { people: [...people.values()], mentorings: [...mentorings.values()], errors };
}

function parsePerson(
  line: number,
  fullName: string,
  cell: (column: Column) => string,
  problem: (column: Column, message: string) => void,
): ImportPerson | null {
  let ok = true;
  const fail = (column: Column, message: string) => {
    ok = false;
    problem(column, message);
  };
  const kind = KINDS[cell('kind').toLowerCase()];
  if (!kind) fail('kind', `the kind must be one of ${Object.keys(KINDS).join(', ')}`);
  let grade: number | null = null;
  if (cell('grade')) {
    grade = /^\d{1,2}$/.test(cell('grade')) ? Number(cell('grade')) : NaN;
    if (!(grade! >= 1 && grade! <= 11)) fail('grade', 'the grade must be a whole number from 1 to 11');
    else if (kind && kind !== 'STUDENT') fail('grade', 'a grade is for students only');
  }
  const young = cell('youngSpecialist').toLowerCase();
  if (!YES.has(young) && !NO.has(young)) fail('youngSpecialist', 'must be "да" or "нет"');
  const youngSpecialist = YES.has(young);
  if (youngSpecialist && kind && kind !== 'TEACHER') fail('youngSpecialist', 'the young-specialist flag is for teachers only');
  const sourceText = cell('externalSource').toUpperCase();
  const externalSource = (EXTERNAL_MENTOR_SOURCES as readonly string[]).includes(sourceText) ? (sourceText as ExternalMentorSource) : null;
  if (sourceText && !externalSource) fail('externalSource', `the source must be one of ${EXTERNAL_MENTOR_SOURCES.join(', ')}`);
  if (kind === 'EXTERNAL' && !sourceText) fail('externalSource', 'an external mentor needs a source');
  if (kind && kind !== 'EXTERNAL' && sourceText) fail('externalSource', 'a source is for external mentors only');
  const categoryTexts = cell('categories')
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());
  const categories = [
    ...new Set(categoryTexts.filter((c): c is StudentMenteeCategory => (STUDENT_MENTEE_CATEGORIES as readonly string[]).includes(c))),
  ];
  if (categories.length !== new Set(categoryTexts).size)
    fail('categories', `categories must be among ${STUDENT_MENTEE_CATEGORIES.join(', ')}`);
  if (categories.length && kind && kind !== 'STUDENT') fail('categories', 'categories are for students only');
  let consent: ImportPerson['consent'] = null;
  if (cell('consentSignedOn') || cell('consentSignedBy') || cell('consentDocument')) {
    const signedOn = parseDate(cell('consentSignedOn'));
    if (!signedOn) fail('consentSignedOn', 'the consent date must be a date (YYYY-MM-DD or DD.MM.YYYY)');
    if (!cell('consentSignedBy'))
      fail('consentSignedBy', 'who signed the consent is required with a consent (for a student: the parent or legal representative)');
    if (cell('consentDocument').length > 100) fail('consentDocument', 'the document number is longer than 100 characters');
    if (signedOn && cell('consentSignedBy'))
      consent = { signedOn, signedBy: cell('consentSignedBy'), documentNumber: cell('consentDocument') || null };
  }
  if (!ok || !kind) return null;
  return { line, fullName, kind, grade, youngSpecialist, externalSource, categories, consent };
}
