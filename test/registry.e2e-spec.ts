import ExcelJS from 'exceljs';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, GraphqlResult, Platform, startPlatform } from './harness/platform';

const ADD = `mutation AddParticipant($input: AddParticipantInput!) { addParticipant(input: $input) { id kind fullName hasConsent grade youngSpecialist externalSource categories } }`;
const CONSENT = `mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id hasConsent consent { signedOn signedBy documentNumber } } }`;
const WITHDRAW = `mutation WithdrawConsent($participantId: ID!, $withdrawnOn: String!) {
  withdrawConsent(participantId: $participantId, withdrawnOn: $withdrawnOn) { id hasConsent fullName grade withdrawnOn consent { signedBy documentNumber withdrawnOn } } }`;
const START = `mutation StartMentoring($input: StartMentoringInput!) { startMentoring(input: $input) { id form isGroup startedOn endedOn members { participantId role } } }`;
const END = `mutation EndMentoring($id: ID!, $endedOn: String!) { endMentoring(id: $id, endedOn: $endedOn) { id endedOn } }`;
const PARTICIPANTS = `query Participants($schoolId: ID!, $first: Int!, $offset: Int!, $withoutConsent: Boolean) {
  participants(schoolId: $schoolId, first: $first, offset: $offset, withoutConsent: $withoutConsent) { totalCount items { id kind fullName hasConsent } } }`;
const MENTORINGS = `query($schoolId: ID!) { mentorings(schoolId: $schoolId, first: 100, offset: 0) { totalCount items { id form isGroup startedOn endedOn members { participantId role fullName leftOn } } } }`;
const FIGURES = `query RegistryFigures($schoolId: ID!, $year: Int!, $quarter: Int!) { registryFigures(schoolId: $schoolId, year: $year, quarter: $quarter) { code value } }`;

const YEAR = 2025;

/** Every registry-derived code with 0: the hand-computed figures below name only the non-zero ones. */
const ZERO: Record<string, number> = Object.fromEntries(
  [
    'MENTEES_STUDENTS',
    'MENTEES_STUDENTS_STUDENT_STUDENT',
    'MENTEES_STUDENTS_TEACHER_STUDENT',
    'MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT',
    'MENTEES_STUDENTS_EMPLOYER_STUDENT',
    'MENTORS_STUDENTS',
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
  ].map((code) => [code, 0]),
);

/*
 * The school's year, by hand (quarter ends 31.03, 30.06, 30.09, 31.12; a mentoring's end day is
 * its last day at work):
 *   S1 student (GIFTED), S2 student (LOW_RESULTS, DISABILITIES), S3 student mentor, S4 student
 *   (BEHAVIOUR; withdraws 10.08), S5 student without a consent; T1 teacher, T2 young specialist,
 *   T3 head, T4 teacher; E1 employer, E2 university student.
 *   Consents: S1 S2 S3 10.01, T1 T2 09.01, E1 01.02, S4 01.04, T3 T4 01.06, E2 01.07.
 *   M1 pair  STUDENT_STUDENT            S3 → S1     15.01 – 20.03
 *   M2 group TEACHER_STUDENT            T1 → S1 S2  01.02 –
 *   M3 pair  EMPLOYER_STUDENT           E1 → S2     10.02 – 15.11
 *   M4 pair  TEACHER_STUDENT            T1 → S4     15.04 – 10.08 (ended by S4's withdrawal)
 *   M5 pair  TEACHER_TEACHER            T1 → T2     01.05 – 30.06
 *   M6 group HEAD_TEACHER               T3 → T2 T4  01.07 –
 *   M7 pair  UNIVERSITY_STUDENT_STUDENT E2 → S1     01.10 –
 * S2 is in two forms (TEACHER_STUDENT, EMPLOYER_STUDENT) and S1 in three: each counts once in
 * MENTEES_STUDENTS and once in each form.
 */
const EXPECTED: Record<string, Record<string, number>> = {
  '2025-Q1': {
    ...ZERO,
    MENTEES_STUDENTS: 2, // S1 S2
    MENTEES_STUDENTS_STUDENT_STUDENT: 1, // S1 (M1, ended 20.03 but engaged this year)
    MENTEES_STUDENTS_TEACHER_STUDENT: 2, // S1 S2
    MENTEES_STUDENTS_EMPLOYER_STUDENT: 1, // S2
    MENTORS_STUDENTS: 1, // S3
    MENTORS_TEACHERS: 1, // T1
    MENTORS_EXTERNAL_EMPLOYER: 1, // E1
    PAIRS: 1, // M3 (M1 ended)
    GROUPS: 1, // M2
    MENTEES_CATEGORY_GIFTED: 1,
    MENTEES_CATEGORY_LOW_RESULTS: 1,
    MENTEES_CATEGORY_DISABILITIES: 1,
    CONSENTS: 6, // S1 S2 S3 T1 T2 E1
  },
  '2025-Q2': {
    ...ZERO,
    MENTEES_STUDENTS: 3, // + S4
    MENTEES_STUDENTS_STUDENT_STUDENT: 1,
    MENTEES_STUDENTS_TEACHER_STUDENT: 3, // S1 S2 S4
    MENTEES_STUDENTS_EMPLOYER_STUDENT: 1,
    MENTORS_STUDENTS: 1,
    MENTEES_TEACHERS: 1, // T2
    MENTEES_YOUNG_SPECIALISTS: 1, // T2
    MENTORS_TEACHERS: 1, // T1
    MENTORS_EXTERNAL_EMPLOYER: 1,
    PAIRS: 3, // M3 M4 M5 (M5's last day)
    GROUPS: 1, // M2
    MENTEES_CATEGORY_GIFTED: 1,
    MENTEES_CATEGORY_LOW_RESULTS: 1,
    MENTEES_CATEGORY_DISABILITIES: 1,
    MENTEES_CATEGORY_BEHAVIOUR: 1, // S4
    CONSENTS: 9, // + S4 T3 T4
  },
  '2025-Q3': {
    ...ZERO,
    MENTEES_STUDENTS: 3, // S4 withdrew but was engaged this year: the anonymous record counts
    MENTEES_STUDENTS_STUDENT_STUDENT: 1,
    MENTEES_STUDENTS_TEACHER_STUDENT: 3,
    MENTEES_STUDENTS_EMPLOYER_STUDENT: 1,
    MENTORS_STUDENTS: 1,
    MENTEES_TEACHERS: 2, // T2 T4
    MENTEES_YOUNG_SPECIALISTS: 1,
    MENTORS_TEACHERS: 2, // T1 T3
    MENTORS_EXTERNAL_EMPLOYER: 1,
    PAIRS: 1, // M3
    GROUPS: 2, // M2 M6
    MENTEES_CATEGORY_GIFTED: 1,
    MENTEES_CATEGORY_LOW_RESULTS: 1,
    MENTEES_CATEGORY_DISABILITIES: 1,
    MENTEES_CATEGORY_BEHAVIOUR: 1,
    CONSENTS: 9, // + E2 − S4
  },
  '2025-Q4': {
    ...ZERO,
    MENTEES_STUDENTS: 3,
    MENTEES_STUDENTS_STUDENT_STUDENT: 1,
    MENTEES_STUDENTS_TEACHER_STUDENT: 3,
    MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT: 1, // S1
    MENTEES_STUDENTS_EMPLOYER_STUDENT: 1,
    MENTORS_STUDENTS: 1,
    MENTEES_TEACHERS: 2,
    MENTEES_YOUNG_SPECIALISTS: 1,
    MENTORS_TEACHERS: 2,
    MENTORS_EXTERNAL_EMPLOYER: 1,
    MENTORS_EXTERNAL_UNIVERSITY_STUDENT: 1, // E2
    PAIRS: 1, // M7 (M3 ended 15.11)
    GROUPS: 2,
    MENTEES_CATEGORY_GIFTED: 1,
    MENTEES_CATEGORY_LOW_RESULTS: 1,
    MENTEES_CATEGORY_DISABILITIES: 1,
    MENTEES_CATEGORY_BEHAVIOUR: 1,
    CONSENTS: 9,
  },
  // The next year starts from zero but for what is still at work: M2, M6, M7.
  '2026-Q1': {
    ...ZERO,
    MENTEES_STUDENTS: 2, // S1 S2
    MENTEES_STUDENTS_TEACHER_STUDENT: 2,
    MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT: 1,
    MENTEES_TEACHERS: 2,
    MENTEES_YOUNG_SPECIALISTS: 1,
    MENTORS_TEACHERS: 2,
    MENTORS_EXTERNAL_UNIVERSITY_STUDENT: 1,
    PAIRS: 1,
    GROUPS: 2,
    MENTEES_CATEGORY_GIFTED: 1,
    MENTEES_CATEGORY_LOW_RESULTS: 1,
    MENTEES_CATEGORY_DISABILITIES: 1,
    CONSENTS: 9,
  },
};

const S4_NAME = 'Кузнецова Мария Олеговна';
const S4_SIGNER = 'Кузнецов Олег Викторович';
const S4_DOCUMENT = 'СОГЛ-4417';

function fields(result: GraphqlResult): string[] {
  return [...new Set((result.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field))].sort();
}

/**
 * The registry over HTTP: a school's year built through the API, every derived figure of every
 * quarter against the hand-computed numbers above; who may read what; a withdrawal that leaves no
 * trace of the name in the database.
 */
describe('participant registry (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let schoolId: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const mentorings: Record<string, string> = {};
  let q2BeforeWithdrawal: Record<string, number>;

  const ok = async (query: string, variables: Record<string, unknown>, token = tokens.curator!): Promise<any> => {
    const result = await platform.gql(query, variables, token);
    if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const figures = async (year: number, quarter: number, token = tokens.curator!): Promise<Record<string, number>> => {
    const data = await ok(FIGURES, { schoolId, year, quarter }, token);
    return Object.fromEntries(data.registryFigures.map((f: { code: string; value: number }) => [f.code, f.value]));
  };
  const add = async (key: string, input: Record<string, unknown>) => {
    const data = await ok(ADD, { input: { schoolId, ...input } });
    ids[key] = data.addParticipant.id;
    return data.addParticipant;
  };
  const consent = (key: string, signedOn: string, signedBy: string, documentNumber?: string) =>
    ok(CONSENT, { input: { participantId: ids[key], signedOn, signedBy, documentNumber } });
  const start = async (key: string, form: string, mentors: string[], mentees: string[], startedOn: string) => {
    const data = await ok(START, {
      input: { schoolId, form, mentorIds: mentors.map((m) => ids[m]), menteeIds: mentees.map((m) => ids[m]), startedOn },
    });
    mentorings[key] = data.startMentoring.id;
    return data.startMentoring;
  };

  beforeAll(async () => {
    platform = await startPlatform();
    org = await createOrg(platform, 'REG', 3);
    schoolId = org.schoolIds[0]!;
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    [tokens.curator, tokens.otherCurator, tokens.thirdCurator, tokens.coordinator, tokens.authority] = await Promise.all(
      [org.curators[0]!.email, org.curators[1]!.email, org.curators[2]!.email, org.coordinator.email, org.authority.email].map(login),
    );
    tokens.admin = await platform.adminToken();
  });
  afterAll(() => platform?.close());

  it('starts empty: every derived figure is 0', async () => {
    expect(await figures(YEAR, 1)).toEqual(ZERO);
    expect((await ok(PARTICIPANTS, { schoolId, first: 10, offset: 0 })).participants).toEqual({ totalCount: 0, items: [] });
  });

  it('adds people with the attributes of their kind only', async () => {
    const s1 = await add('S1', { kind: 'STUDENT', fullName: 'Иванов Иван', grade: 8, categories: ['GIFTED'] });
    expect(s1).toEqual({
      id: expect.any(String),
      kind: 'STUDENT',
      fullName: 'Иванов Иван',
      hasConsent: false,
      grade: 8,
      youngSpecialist: false,
      externalSource: null,
      categories: ['GIFTED'],
    });
    await add('S2', { kind: 'STUDENT', fullName: 'Петрова Анна', grade: 5, categories: ['LOW_RESULTS', 'DISABILITIES'] });
    await add('S3', { kind: 'STUDENT', fullName: 'Сидоров Пётр', grade: 10 });
    await add('S4', { kind: 'STUDENT', fullName: S4_NAME, grade: 6, categories: ['BEHAVIOUR'] });
    await add('S5', { kind: 'STUDENT', fullName: 'Без Согласия', grade: 7 });
    await add('T1', { kind: 'TEACHER', fullName: 'Опытная Ольга' });
    const t2 = await add('T2', { kind: 'TEACHER', fullName: 'Молодой Максим', youngSpecialist: true });
    expect(t2.youngSpecialist).toBe(true);
    await add('T3', { kind: 'TEACHER', fullName: 'Завуч Зоя' });
    await add('T4', { kind: 'TEACHER', fullName: 'Новый Никита' });
    await add('E1', { kind: 'EXTERNAL', fullName: 'Работодатель Роман', externalSource: 'EMPLOYER' });
    await add('E2', { kind: 'EXTERNAL', fullName: 'Студентка Светлана', externalSource: 'UNIVERSITY_STUDENT' });

    const wrong = await platform.gql(
      ADD,
      { input: { schoolId, kind: 'TEACHER', fullName: 'X', grade: 3, externalSource: 'PARENT', categories: ['GIFTED'] } },
      tokens.curator,
    );
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(fields(wrong)).toEqual(['categories', 'externalSource', 'grade']);
    const noSource = await platform.gql(ADD, { input: { schoolId, kind: 'EXTERNAL', fullName: 'X' } }, tokens.curator);
    expect(fields(noSource)).toEqual(['externalSource']);
    const badGrade = await platform.gql(ADD, { input: { schoolId, kind: 'STUDENT', fullName: 'X', grade: 12 } }, tokens.curator);
    expect(fields(badGrade)).toEqual(['grade']);
  });

  it('records consents; a second one while the first is in force is a conflict', async () => {
    const s1 = await consent('S1', '2025-01-10', 'Иванова Елена (мать)', 'С-1');
    expect(s1.recordConsent).toEqual({
      id: ids.S1,
      hasConsent: true,
      consent: { signedOn: '2025-01-10', signedBy: 'Иванова Елена (мать)', documentNumber: 'С-1' },
    });
    await consent('S2', '2025-01-10', 'Петров Павел (отец)');
    await consent('S3', '2025-01-10', 'Сидорова Софья (мать)');
    await consent('T1', '2025-01-09', 'Опытная Ольга');
    await consent('T2', '2025-01-09', 'Молодой Максим');
    await consent('E1', '2025-02-01', 'Работодатель Роман');
    await consent('S4', '2025-04-01', S4_SIGNER, S4_DOCUMENT);
    await consent('T3', '2025-06-01', 'Завуч Зоя');
    await consent('T4', '2025-06-01', 'Новый Никита');
    await consent('E2', '2025-07-01', 'Студентка Светлана');
    const again = await platform.gql(
      CONSENT,
      { input: { participantId: ids.S1, signedOn: '2025-02-01', signedBy: 'Кто-то' } },
      tokens.curator,
    );
    expect(errorCode(again)).toBe('CONFLICT');
    const badDate = await platform.gql(
      CONSENT,
      { input: { participantId: ids.S5, signedOn: '2025-02-30', signedBy: 'Кто-то' } },
      tokens.curator,
    );
    expect(fields(badDate)).toEqual(['signedOn']);

    const lacking = (await ok(PARTICIPANTS, { schoolId, first: 50, offset: 0, withoutConsent: true })).participants;
    expect(lacking.items.map((p: { id: string }) => p.id)).toEqual([ids.S5]);
  });

  it('builds the pairs and groups; no one joins without a consent in force on the start day', async () => {
    await start('M1', 'STUDENT_STUDENT', ['S3'], ['S1'], '2025-01-15');
    const m2 = await start('M2', 'TEACHER_STUDENT', ['T1'], ['S1', 'S2'], '2025-02-01');
    expect(m2.isGroup).toBe(true);
    const m3 = await start('M3', 'EMPLOYER_STUDENT', ['E1'], ['S2'], '2025-02-10');
    expect(m3.isGroup).toBe(false);
    await start('M4', 'TEACHER_STUDENT', ['T1'], ['S4'], '2025-04-15');
    await start('M5', 'TEACHER_TEACHER', ['T1'], ['T2'], '2025-05-01');
    await start('M6', 'HEAD_TEACHER', ['T3'], ['T2', 'T4'], '2025-07-01');
    await start('M7', 'UNIVERSITY_STUDENT_STUDENT', ['E2'], ['S1'], '2025-10-01');
    expect((await ok(END, { id: mentorings.M1, endedOn: '2025-03-20' })).endMentoring).toEqual({
      id: mentorings.M1,
      endedOn: '2025-03-20',
    });
    await ok(END, { id: mentorings.M5, endedOn: '2025-06-30' });

    const before = await platform.sql(`SELECT count(*)::int AS n FROM registry_mentorings`);
    const noConsent = await platform.gql(
      START,
      { input: { schoolId, form: 'TEACHER_STUDENT', mentorIds: [ids.T1], menteeIds: [ids.S5], startedOn: '2025-03-01' } },
      tokens.curator,
    );
    expect(errorCode(noConsent)).toBe('BAD_USER_INPUT');
    expect(noConsent.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(fields(noConsent)).toEqual(['menteeIds.0']);
    const tooEarly = await platform.gql(
      START,
      { input: { schoolId, form: 'UNIVERSITY_STUDENT_STUDENT', mentorIds: [ids.E2], menteeIds: [ids.S2], startedOn: '2025-06-01' } },
      tokens.curator,
    );
    expect(fields(tooEarly)).toEqual(['mentorIds.0']);
    const teacherInStudentForm = await platform.gql(
      START,
      { input: { schoolId, form: 'STUDENT_STUDENT', mentorIds: [ids.S3], menteeIds: [ids.T4], startedOn: '2025-09-01' } },
      tokens.curator,
    );
    expect(fields(teacherInStudentForm)).toEqual(['menteeIds.0']);
    const otherSchool = await platform.gql(
      START,
      { input: { schoolId: org.schoolIds[1], form: 'STUDENT_STUDENT', mentorIds: [ids.S3], menteeIds: [ids.S1], startedOn: '2025-09-01' } },
      tokens.otherCurator,
    );
    expect(errorCode(otherSchool)).toBe('NOT_FOUND');
    const backwards = await platform.gql(END, { id: mentorings.M3, endedOn: '2025-02-09' }, tokens.curator);
    expect(fields(backwards)).toEqual(['endedOn']);
    const twice = await platform.gql(END, { id: mentorings.M1, endedOn: '2025-04-01' }, tokens.curator);
    expect(errorCode(twice)).toBe('CONFLICT');
    expect(await platform.sql(`SELECT count(*)::int AS n FROM registry_mentorings`)).toEqual(before);
    await ok(END, { id: mentorings.M3, endedOn: '2025-11-15' });

    q2BeforeWithdrawal = await figures(YEAR, 2);
    expect(q2BeforeWithdrawal).toEqual(EXPECTED['2025-Q2']);
  });

  it('imports a spreadsheet: a dry run lists every row error, a file with errors writes nothing', async () => {
    const csv = [
      'ФИО;Вид;Класс;Молодой специалист;Источник;Категории;Согласие дата;Согласие подписал;Согласие номер;Пара группа;Роль;Форма;Начало;Окончание',
      'Орлов Олег;ученик;13;;;GIFTED;10.01.2025;Орлова Ольга;;П1;наставляемый;TEACHER_STUDENT;2025-02-01;',
      'Учитель Ульяна;педагог;;да;;;2025-01-10;Учитель Ульяна;;П1;наставник;;;',
      'Без Согласия Борис;ученик;5;;;;;;;П2;наставляемый;STUDENT_STUDENT;2025-03-01;2025-02-01',
      'Гость Григорий;внешний;;;;;;;;;;;;',
      ';ученик;5;;;;;;;;;;;',
    ].join('\n');
    const input = { schoolId: org.schoolIds[1], fileName: 'реестр.csv', contentBase64: Buffer.from(csv).toString('base64'), dryRun: true };
    const importDoc = `mutation($input: ImportRegistryInput!) { importRegistry(input: $input) { dryRun imported rowCount participants consents mentorings errors { line field message } } }`;
    const dry = (await ok(importDoc, { input }, tokens.otherCurator)).importRegistry;
    expect(dry.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '2:класс',
      '4:окончание',
      '4:согласие_дата', // and the pair has no consent for its mentee, nor a mentor
      '4:пара_группа',
      '5:источник',
      '6:фио',
    ]);
    const real = (await ok(importDoc, { input: { ...input, dryRun: false } }, tokens.otherCurator)).importRegistry;
    expect(real.imported).toBe(false);
    expect(real.errors).toEqual(dry.errors);
    const [stored] = await platform.sql(`SELECT count(*)::int AS n FROM registry_participants WHERE school_id = $1`, [org.schoolIds[1]]);
    expect(stored.n).toBe(0);
    // A person without a consent cannot join: the second pair's mentee, once its dates are right.
    const noConsent = csv
      .replace('2025-03-01;2025-02-01', '2025-03-01;')
      .replace('Гость Григорий;внешний;;;;', 'Гость Григорий;внешний;;;PARENT;');
    const second = (
      await ok(importDoc, { input: { ...input, contentBase64: Buffer.from(noConsent).toString('base64') } }, tokens.otherCurator)
    ).importRegistry;
    expect(second.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '2:класс',
      '4:согласие_дата',
      '4:пара_группа',
      '6:фио',
    ]);
  });

  it('reads the spreadsheet as XLSX too', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Реестр');
    sheet.addRow(['ФИО', 'Вид', 'Класс', 'Согласие дата', 'Согласие подписал', 'Пара группа', 'Роль', 'Форма', 'Начало']);
    sheet.addRow(['Ученица Ульяна', 'ученик', 6, '15.01.2025', 'Мать Ульяны', 'П1', 'наставляемый', 'STUDENT_STUDENT', '01.02.2025']);
    sheet.addRow(['Ученик Фёдор', 'ученик', 10, '15.01.2025', 'Отец Фёдора', 'П1', 'наставник', '', '']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const dry = (
      await ok(
        `mutation($input: ImportRegistryInput!) { importRegistry(input: $input) { imported participants consents mentorings errors { line field message } } }`,
        { input: { schoolId: org.schoolIds[2], fileName: 'реестр.xlsx', contentBase64: content, dryRun: true } },
        tokens.thirdCurator,
      )
    ).importRegistry;
    expect(dry).toEqual({ imported: false, participants: 2, consents: 2, mentorings: 1, errors: [] });
  });

  it("exports the school's registry and imports it into another school all or nothing, giving the same figures", async () => {
    const exported = (
      await ok(`query($schoolId: ID!) { registryExport(schoolId: $schoolId) { fileName contentBase64 rowCount } }`, { schoolId })
    ).registryExport;
    const text = Buffer.from(exported.contentBase64, 'base64').toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFфио;вид;класс;молодой_специалист;источник;категории;согласие_дата;согласие_подписал;согласие_номер;пара_группа;роль;форма;начало;окончание',
    );
    expect(exported.rowCount).toBe(17); // 16 memberships + S5 without one
    expect(text).toContain('Петрова Анна;ученик;5;;;LOW_RESULTS,DISABILITIES;2025-01-10;Петров Павел (отец);;');
    const importDoc = `mutation($input: ImportRegistryInput!) { importRegistry(input: $input) { imported participants consents mentorings errors { line field message } } }`;
    const input = { schoolId: org.schoolIds[1], fileName: exported.fileName, contentBase64: exported.contentBase64, dryRun: false };
    expect((await ok(importDoc, { input }, tokens.otherCurator)).importRegistry).toEqual({
      imported: true,
      participants: 11,
      consents: 10,
      mentorings: 7,
      errors: [],
    });
    for (const quarter of [1, 2, 3, 4]) {
      const other = (await ok(FIGURES, { schoolId: org.schoolIds[1], year: YEAR, quarter }, tokens.otherCurator)).registryFigures;
      expect([quarter, Object.fromEntries(other.map((f: { code: string; value: number }) => [f.code, f.value]))]).toEqual([
        quarter,
        await figures(YEAR, quarter),
      ]);
    }
    // Importing the same file again: every person is already there, nothing is written.
    const again = (await ok(importDoc, { input }, tokens.otherCurator)).importRegistry;
    expect(again.imported).toBe(false);
    expect(again.errors.filter((e: { message: string }) => e.message.includes('already in the registry'))).toHaveLength(11);
    // The copy of S4 in the other school: S4 withdraws there as well (the name-gone test below looks at every school).
    const copies = (await ok(PARTICIPANTS, { schoolId: org.schoolIds[1], first: 50, offset: 0 }, tokens.otherCurator)).participants.items;
    const copy = copies.find((p: { fullName: string }) => p.fullName === S4_NAME);
    await ok(WITHDRAW, { participantId: copy.id, withdrawnOn: '2025-08-10' }, tokens.otherCurator);
  });

  it('withdrawal destroys the name at once, ends the pair, and keeps past figures', async () => {
    const withdrawn = (await ok(WITHDRAW, { participantId: ids.S4, withdrawnOn: '2025-08-10' })).withdrawConsent;
    expect(withdrawn).toEqual({
      id: ids.S4,
      hasConsent: false,
      fullName: null,
      grade: null,
      withdrawnOn: '2025-08-10',
      consent: { signedBy: null, documentNumber: null, withdrawnOn: '2025-08-10' },
    });
    expect(await figures(YEAR, 2)).toEqual(q2BeforeWithdrawal);
    const list = (await ok(MENTORINGS, { schoolId })).mentorings.items;
    const m4 = list.find((m: { id: string }) => m.id === mentorings.M4);
    expect(m4.endedOn).toBe('2025-08-10');
    expect(m4.members.find((m: { participantId: string }) => m.participantId === ids.S4)).toEqual({
      participantId: ids.S4,
      role: 'MENTEE',
      fullName: null,
      leftOn: '2025-08-10',
    });

    const rejoin = await platform.gql(
      START,
      { input: { schoolId, form: 'TEACHER_STUDENT', mentorIds: [ids.T1], menteeIds: [ids.S4], startedOn: '2025-09-01' } },
      tokens.curator,
    );
    expect(errorCode(rejoin)).toBe('CONFLICT');
    const reconsent = await platform.gql(
      CONSENT,
      { input: { participantId: ids.S4, signedOn: '2025-09-01', signedBy: 'Кто-то' } },
      tokens.curator,
    );
    expect(errorCode(reconsent)).toBe('CONFLICT');

    const [destruction] = await platform.sql(
      `SELECT participant_id, school_id, to_char(withdrawn_on, 'YYYY-MM-DD') AS on, destroyed_by, destroyed_at FROM registry_destructions WHERE school_id = $1`,
      [schoolId],
    );
    expect(destruction).toEqual({
      participant_id: ids.S4,
      school_id: schoolId,
      on: '2025-08-10',
      destroyed_by: org.curators[0]!.id,
      destroyed_at: expect.any(Date),
    });
  });

  it('exports after the withdrawal without the withdrawn person, still importable', async () => {
    const exported = (
      await ok(`query($schoolId: ID!) { registryExport(schoolId: $schoolId) { fileName contentBase64 rowCount } }`, { schoolId })
    ).registryExport;
    const text = Buffer.from(exported.contentBase64, 'base64').toString('utf8');
    expect(text).not.toContain('Кузнецова');
    expect(exported.rowCount).toBe(15); // 16 memberships − S4's and T1's rows of M4 (left without a mentee) + S5 without one
    const [log] = await platform.sql(
      `SELECT user_id, rows_read FROM registry_access_log WHERE school_id = $1 AND operation = 'exportRegistry' ORDER BY read_at DESC LIMIT 1`,
      [schoolId],
    );
    expect(log).toEqual({ user_id: org.curators[0]!.id, rows_read: 16 });
    const dry = (
      await ok(
        `mutation($input: ImportRegistryInput!) { importRegistry(input: $input) { errors { line field message } participants mentorings } }`,
        { input: { schoolId: org.schoolIds[2], fileName: exported.fileName, contentBase64: exported.contentBase64, dryRun: true } },
        tokens.thirdCurator,
      )
    ).importRegistry;
    expect(dry).toEqual({ errors: [], participants: 10, mentorings: 6 });
  });

  it('the withdrawn name, its signer and document are gone from every table of the database', async () => {
    const tables = await platform.sql<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const found: string[] = [];
    for (const { name } of tables) {
      for (const secret of [S4_NAME, S4_SIGNER, S4_DOCUMENT, 'Кузнецова']) {
        const [row] = await platform.sql(`SELECT count(*)::int AS n FROM "${name}" x WHERE x::text LIKE '%' || $1 || '%'`, [secret]);
        if (row.n > 0) found.push(`${name}: ${secret}`);
      }
    }
    expect(found).toEqual([]);
    // The search can find what is there: the names of people who did not withdraw are.
    const [kept] = await platform.sql(`SELECT count(*)::int AS n FROM registry_participants x WHERE x::text LIKE '%Петрова Анна%'`);
    expect(kept.n).toBe(2); // in this school and in its copy imported by the other school
    const [anonymous] = await platform.sql(
      `SELECT kind, full_name, grade, categories, to_char(withdrawn_on, 'YYYY-MM-DD') AS w FROM registry_participants WHERE id = $1`,
      [ids.S4],
    );
    expect(anonymous).toEqual({ kind: 'STUDENT', full_name: null, grade: null, categories: ['BEHAVIOUR'], w: '2025-08-10' });
  });

  it.each(Object.keys(EXPECTED))('gives every derived figure of %s as computed by hand', async (period) => {
    const [year, quarter] = [Number(period.slice(0, 4)), Number(period.slice(-1))];
    expect(await figures(year, quarter)).toEqual(EXPECTED[period]);
  });

  it('gives the district coordinator and the authority counts only, never names', async () => {
    expect(await figures(YEAR, 4, tokens.coordinator)).toEqual(EXPECTED['2025-Q4']);
    expect(await figures(YEAR, 4, tokens.authority)).toEqual(EXPECTED['2025-Q4']);
    expect(await figures(YEAR, 4, tokens.admin)).toEqual(EXPECTED['2025-Q4']);
    for (const role of ['coordinator', 'authority', 'otherCurator'] as const) {
      for (const [query, variables] of [
        [PARTICIPANTS, { schoolId, first: 10, offset: 0 }],
        [MENTORINGS, { schoolId }],
        [CONSENT, { input: { participantId: ids.S5, signedOn: '2025-03-01', signedBy: 'Кто-то' } }],
        [WITHDRAW, { participantId: ids.S1, withdrawnOn: '2025-12-01' }],
        [END, { id: mentorings.M2, endedOn: '2025-12-01' }],
        [ADD, { input: { schoolId, kind: 'STUDENT', fullName: 'Чужой' } }],
        [START, { input: { schoolId, form: 'TEACHER_STUDENT', mentorIds: [ids.T1], menteeIds: [ids.S2], startedOn: '2025-12-01' } }],
      ] as const) {
        const result = await platform.gql(query, variables, tokens[role]);
        expect([role, query.slice(0, 30), ['FORBIDDEN', 'NOT_FOUND'].includes(errorCode(result) ?? '')]).toEqual([
          role,
          query.slice(0, 30),
          true,
        ]);
      }
    }
    expect(errorCode(await platform.gql(FIGURES, { schoolId, year: YEAR, quarter: 1 }, tokens.otherCurator))).toBe('FORBIDDEN');
    // The database's own lock: the coordinator's scope sees no registry row at all.
    const seen = await platform.db.transaction(
      {
        role: 'DISTRICT_COORDINATOR' as never,
        userId: org.coordinator.id,
        regionId: org.regionId,
        districtId: org.districtId,
        schoolId: null,
      },
      (tx) =>
        tx.query<{
          n: number;
        }>(`SELECT (SELECT count(*) FROM registry_participants) + (SELECT count(*) FROM registry_consents) + (SELECT count(*) FROM registry_mentorings)
        + (SELECT count(*) FROM registry_mentoring_members) + (SELECT count(*) FROM registry_access_log) AS n`),
    );
    expect(Number(seen[0]!.n)).toBe(0);
  });

  it('warns, without asking for a comment, when a submitted figure differs from the registry', async () => {
    const save = `mutation($input: SaveQuarterlyReportInput!) { saveQuarterlyReport(input: $input) { id version warnings { code rule registryValue } } }`;
    const submit = `mutation($id: ID!, $v: Int!) { submitQuarterlyReport(id: $id, expectedVersion: $v) { status warnings { code rule registryValue } } }`;
    const typed = { ...EXPECTED['2025-Q4'], STUDENTS: 100, TEACHERS: 10, MENTEES_STUDENTS: 4 };
    const figuresInput = Object.entries(typed).map(([code, value]) => ({ code, value }));
    const saved = (await ok(save, { input: { schoolId, year: YEAR, quarter: 4, figures: figuresInput } })).saveQuarterlyReport;
    expect(saved.warnings).toEqual([{ code: 'MENTEES_STUDENTS', rule: 'REGISTRY_DIFFERS', registryValue: 3 }]);
    const submitted = (await ok(submit, { id: saved.id, v: saved.version })).submitQuarterlyReport;
    expect(submitted).toEqual({
      status: 'SUBMITTED',
      warnings: [{ code: 'MENTEES_STUDENTS', rule: 'REGISTRY_DIFFERS', registryValue: 3 }],
    });

    // A school without a registry types its figures and gets no registry warning.
    const other = (
      await ok(save, { input: { schoolId: org.schoolIds[2]!, year: YEAR, quarter: 4, figures: figuresInput } }, tokens.thirdCurator)
    ).saveQuarterlyReport;
    expect(other.warnings).toEqual([]);
    expect((await ok(submit, { id: other.id, v: other.version }, tokens.thirdCurator)).submitQuarterlyReport.warnings).toEqual([]);
  });

  it('writes every read of names to the access log, without names', async () => {
    await platform.sql(`DELETE FROM registry_access_log`);
    await ok(PARTICIPANTS, { schoolId, first: 5, offset: 0 });
    await ok(MENTORINGS, { schoolId }); // 7 mentorings, 16 members
    await figures(YEAR, 1); // counts only: not logged
    const log = await platform.sql(
      `SELECT user_id, user_role, school_id, operation, rows_read, read_at FROM registry_access_log ORDER BY read_at`,
    );
    expect(log).toEqual([
      {
        user_id: org.curators[0]!.id,
        user_role: 'SCHOOL_CURATOR',
        school_id: schoolId,
        operation: 'participants',
        rows_read: 5,
        read_at: expect.any(Date),
      },
      {
        user_id: org.curators[0]!.id,
        user_role: 'SCHOOL_CURATOR',
        school_id: schoolId,
        operation: 'mentorings',
        rows_read: 16,
        read_at: expect.any(Date),
      },
    ]);
    const exported = await platform.sql(
      `SELECT operation, rows_read FROM registry_access_log WHERE school_id = $1 AND operation = 'exportRegistry'`,
      [schoolId],
    );
    expect(exported).toEqual([]); // cleared above; the export's own entry is checked with the export
  });
});
