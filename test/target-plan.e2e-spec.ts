import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { errorCode, GraphqlResult, Platform, startPlatform } from './harness/platform';
import { waitForJob } from './monitoring.fixtures';

/**
 * Enrollment, target schedules and the district target plan through the GraphQL API, on a
 * district built from a real-looking order: twelve schools, 2020–2024, the regional default
 * schedule (10/25/40/55/70 % mentees, 2/4/6/8/10 % student mentors). Every expected number below
 * was worked out by hand: roundHalfUp(percent × base / 100), district totals from the total base.
 */

const SCHOOLS: [code: string, name: string][] = [
  ['КЛН-01', 'МБОУ «Средняя общеобразовательная школа № 1»'],
  ['КЛН-02', 'МБОУ «Гимназия № 2»'],
  ['КЛН-03', 'МБОУ «Средняя общеобразовательная школа № 3»'],
  ['КЛН-04', 'МКОУ «Основная общеобразовательная школа № 4»'],
  ['КЛН-05', 'МБОУ «Лицей № 5»'],
  ['КЛН-06', 'МБОУ «Средняя общеобразовательная школа № 6 с углублённым изучением английского языка»'],
  ['КЛН-07', 'МКОУ «Сельская основная школа № 7»'],
  ['КЛН-08', 'МБОУ «Средняя общеобразовательная школа № 8»'],
  ['КЛН-09', 'МБОУ «Образовательный центр № 9»'],
  ['КЛН-10', 'МБОУ «Средняя общеобразовательная школа № 10»'],
  ['КЛН-11', 'МБОУ «Кадетская школа № 11»'],
  ['КЛН-12', 'МБОУ «Средняя общеобразовательная школа № 12»'],
];

/**
 * The order's enrollment table: school code, year, students, mentor base ('' = none kept).
 * КЛН-02 and КЛН-06 skip years (carried forward); КЛН-03 has only 2020 (carried to 2024);
 * КЛН-04 keeps no mentor base (its students are used); КЛН-09 opened in 2021.
 */
const ORDER: [string, number, number, number | ''][] = [
  ['КЛН-01', 2020, 850, 310],
  ['КЛН-01', 2021, 872, 318],
  ['КЛН-01', 2022, 901, 325],
  ['КЛН-01', 2023, 915, 330],
  ['КЛН-01', 2024, 940, 342],
  ['КЛН-02', 2020, 1205, 450],
  ['КЛН-02', 2022, 1250, 470],
  ['КЛН-03', 2020, 415, 145],
  ['КЛН-04', 2020, 96, ''],
  ['КЛН-04', 2021, 102, ''],
  ['КЛН-04', 2023, 110, ''],
  ['КЛН-05', 2020, 730, 290],
  ['КЛН-05', 2021, 745, 295],
  ['КЛН-05', 2022, 760, 300],
  ['КЛН-05', 2023, 768, 305],
  ['КЛН-05', 2024, 781, 310],
  ['КЛН-06', 2020, 1015, 380],
  ['КЛН-06', 2024, 1100, 410],
  // — the rows above come as CSV, the rows below as XLSX —
  ['КЛН-07', 2020, 58, 21],
  ['КЛН-07', 2021, 61, 22],
  ['КЛН-07', 2022, 55, 20],
  ['КЛН-07', 2023, 63, 24],
  ['КЛН-07', 2024, 66, 25],
  ['КЛН-08', 2020, 645, 175],
  ['КЛН-08', 2021, 650, 235],
  ['КЛН-08', 2022, 662, 240],
  ['КЛН-09', 2021, 1130, 420],
  ['КЛН-10', 2020, 505, 185],
  ['КЛН-10', 2021, 512, 188],
  ['КЛН-10', 2022, 520, 190],
  ['КЛН-10', 2023, 534, 195],
  ['КЛН-10', 2024, 545, 200],
  ['КЛН-11', 2020, 334, 150],
  ['КЛН-11', 2022, 340, 155],
  ['КЛН-12', 2020, 1450, 530],
  ['КЛН-12', 2021, 1478, 541],
  ['КЛН-12', 2022, 1495, 550],
  ['КЛН-12', 2023, 1510, 560],
  ['КЛН-12', 2024, 1525, 565],
];
const CSV_ROWS = ORDER.slice(0, 18);
const XLSX_ROWS = ORDER.slice(18);

type Cell = [students: number, mentorBase: number, menteeTarget: number, mentorTarget: number] | null;

/**
 * Expected cells 2020…2024 per school. Some of the arithmetic:
 *   КЛН-01 2022: 40 % × 901 = 360.4 → 360;  6 % × 325 = 19.5 → 20 (half up)
 *   КЛН-02 2020: 10 % × 1205 = 120.5 → 121; 2021 carries 2020: 25 % × 1205 = 301.25 → 301;
 *          2023 carries 2022: 55 % × 1250 = 687.5 → 688
 *   КЛН-03 carries 2020 to 2024: 10 % × 415 = 41.5 → 42 … 70 % × 415 = 290.5 → 291; 10 % × 145 = 14.5 → 15
 *   КЛН-04 mentor base = students: 2020 2 % × 96 = 1.92 → 2; 2022 carries 102: 40 % × 102 = 40.8 → 41;
 *          2023: 55 % × 110 = 60.5 → 61, 8 % × 110 = 8.8 → 9
 *   КЛН-07 2020: 10 % × 58 = 5.8 → 6;  2 % × 21 = 0.42 → 0
 *   КЛН-08 2020: 2 % × 175 = 3.5 → 4
 *   КЛН-09 has nothing in 2020
 *   КЛН-12 2024: 70 % × 1525 = 1067.5 → 1068; 10 % × 565 = 56.5 → 57
 */
const EXPECTED: Record<string, Cell[]> = {
  'КЛН-01': [
    [850, 310, 85, 6],
    [872, 318, 218, 13],
    [901, 325, 360, 20],
    [915, 330, 503, 26],
    [940, 342, 658, 34],
  ],
  'КЛН-02': [
    [1205, 450, 121, 9],
    [1205, 450, 301, 18],
    [1250, 470, 500, 28],
    [1250, 470, 688, 38],
    [1250, 470, 875, 47],
  ],
  'КЛН-03': [
    [415, 145, 42, 3],
    [415, 145, 104, 6],
    [415, 145, 166, 9],
    [415, 145, 228, 12],
    [415, 145, 291, 15],
  ],
  'КЛН-04': [
    [96, 96, 10, 2],
    [102, 102, 26, 4],
    [102, 102, 41, 6],
    [110, 110, 61, 9],
    [110, 110, 77, 11],
  ],
  'КЛН-05': [
    [730, 290, 73, 6],
    [745, 295, 186, 12],
    [760, 300, 304, 18],
    [768, 305, 422, 24],
    [781, 310, 547, 31],
  ],
  'КЛН-06': [
    [1015, 380, 102, 8],
    [1015, 380, 254, 15],
    [1015, 380, 406, 23],
    [1015, 380, 558, 30],
    [1100, 410, 770, 41],
  ],
  'КЛН-07': [
    [58, 21, 6, 0],
    [61, 22, 15, 1],
    [55, 20, 22, 1],
    [63, 24, 35, 2],
    [66, 25, 46, 3],
  ],
  'КЛН-08': [
    [645, 175, 65, 4],
    [650, 235, 163, 9],
    [662, 240, 265, 14],
    [662, 240, 364, 19],
    [662, 240, 463, 24],
  ],
  'КЛН-09': [null, [1130, 420, 283, 17], [1130, 420, 452, 25], [1130, 420, 622, 34], [1130, 420, 791, 42]],
  'КЛН-10': [
    [505, 185, 51, 4],
    [512, 188, 128, 8],
    [520, 190, 208, 11],
    [534, 195, 294, 16],
    [545, 200, 382, 20],
  ],
  'КЛН-11': [
    [334, 150, 33, 3],
    [334, 150, 84, 6],
    [340, 155, 136, 9],
    [340, 155, 187, 12],
    [340, 155, 238, 16],
  ],
  'КЛН-12': [
    [1450, 530, 145, 11],
    [1478, 541, 370, 22],
    [1495, 550, 598, 33],
    [1510, 560, 831, 45],
    [1525, 565, 1068, 57],
  ],
};

/**
 * ИТОГО from the district's total bases, with the sums of the school targets beside them:
 *   2020: students 850+1205+415+96+730+1015+58+645+505+334+1450 = 7303: 10 % = 730.3 → 730 (Σ schools 733)
 *         mentor base 310+450+145+96+290+380+21+175+185+150+530 = 2732: 2 % = 54.64 → 55 (Σ 56)
 *   2021: 25 % × 8519 = 2129.75 → 2130 (Σ 2132);   4 % × 3246 = 129.84 → 130 (Σ 131)
 *   2022: 40 % × 8645 = 3458 (Σ 3458);             6 % × 3297 = 197.82 → 198 (Σ 197)
 *   2023: 55 % × 8712 = 4791.6 → 4792 (Σ 4793);    8 % × 3334 = 266.72 → 267 (Σ 267)
 *   2024: 70 % × 8864 = 6204.8 → 6205 (Σ 6206);   10 % × 3392 = 339.2 → 339 (Σ 341)
 */
const EXPECTED_TOTALS = [
  {
    year: 2020,
    students: 7303,
    mentorBase: 2732,
    menteeTarget: 730,
    mentorTarget: 55,
    sumOfSchoolMenteeTargets: 733,
    sumOfSchoolMentorTargets: 56,
  },
  {
    year: 2021,
    students: 8519,
    mentorBase: 3246,
    menteeTarget: 2130,
    mentorTarget: 130,
    sumOfSchoolMenteeTargets: 2132,
    sumOfSchoolMentorTargets: 131,
  },
  {
    year: 2022,
    students: 8645,
    mentorBase: 3297,
    menteeTarget: 3458,
    mentorTarget: 198,
    sumOfSchoolMenteeTargets: 3458,
    sumOfSchoolMentorTargets: 197,
  },
  {
    year: 2023,
    students: 8712,
    mentorBase: 3334,
    menteeTarget: 4792,
    mentorTarget: 267,
    sumOfSchoolMenteeTargets: 4793,
    sumOfSchoolMentorTargets: 267,
  },
  {
    year: 2024,
    students: 8864,
    mentorBase: 3392,
    menteeTarget: 6205,
    mentorTarget: 339,
    sumOfSchoolMenteeTargets: 6206,
    sumOfSchoolMentorTargets: 341,
  },
];

// The contract's operation, with the sums of school targets added to the totals.
const DISTRICT_PLAN = `query DistrictTargetPlan($districtId: ID!, $fromYear: Int!, $toYear: Int!) {
  districtTargetPlan(districtId: $districtId, fromYear: $fromYear, toYear: $toYear) {
    rows {
      school { id code name }
      cells { year students mentorBase menteeTarget mentorTarget }
    }
    totals { year students mentorBase menteeTarget mentorTarget sumOfSchoolMenteeTargets sumOfSchoolMentorTargets }
    schedules { indicator source points { year percent } }
  }
}`;
const SCHOOL_PLAN = `query($schoolId: ID!, $fromYear: Int!, $toYear: Int!) {
  schoolTargetPlan(schoolId: $schoolId, fromYear: $fromYear, toYear: $toYear) {
    school { id code name } cells { year students mentorBase menteeTarget mentorTarget }
  }
}`;
const SET_ENROLLMENT = `mutation SetEnrollment($input: SetEnrollmentInput!) {
  setEnrollment(input: $input) { id schoolId year students mentorBase version updatedAt }
}`;
const SET_SCHEDULE = `mutation SetTargetSchedule($input: SetTargetScheduleInput!) {
  setTargetSchedule(input: $input) { indicator source points { year percent } }
}`;
const SET_REGION_SCHEDULE = `mutation($input: SetRegionTargetScheduleInput!) {
  setRegionTargetSchedule(input: $input) { indicator source points { year percent } }
}`;
const SCHEDULES = `query($districtId: ID!) { targetSchedules(districtId: $districtId) { indicator source points { year percent } } }`;
const IMPORT = `mutation($input: ImportEnrollmentInput!) {
  importEnrollment(input: $input) {
    dryRun applied rowCount inserted updated unchanged
    errors { line field message }
    rows { line schoolCode year students mentorBase previousStudents previousMentorBase action }
    job { id }
  }
}`;

const DEFAULT_MENTEE = [
  { year: 2020, percent: 10 },
  { year: 2021, percent: 25 },
  { year: 2022, percent: 40 },
  { year: 2023, percent: 55 },
  { year: 2024, percent: 70 },
];
const DEFAULT_MENTOR = [
  { year: 2020, percent: 2 },
  { year: 2021, percent: 4 },
  { year: 2022, percent: 6 },
  { year: 2023, percent: 8 },
  { year: 2024, percent: 10 },
];

function csvOf(rows: readonly (readonly (string | number)[])[], header = 'School_Code;Year;Students;Mentor_Base'): string {
  return '\uFEFF' + [header, ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n';
}

async function xlsxOf(rows: readonly (readonly (string | number)[])[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Контингент');
  sheet.addRow(['school_code', 'year', 'students', 'mentor_base']);
  for (const row of rows) sheet.addRow(row.map((value) => (value === '' ? null : value)));
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function fieldsOf(result: GraphqlResult): string[] {
  return (result.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field);
}

describe('enrollment and target plans (e2e)', () => {
  let platform: Platform;
  let org: OrgFixture;
  let other: OrgFixture;
  let neighbour: { districtId: string; email: string };
  const tokens: Record<string, string> = {};
  const schoolId: Record<string, string> = {};

  /** What a refused request must not change. */
  const snapshot = async () => ({
    enrollments: await platform.sql(`SELECT school_id, year, students, mentor_base, version FROM enrollments ORDER BY school_id, year`),
    schedules: await platform.sql(
      `SELECT region_id, district_id, indicator, year, percent_bp FROM target_schedule_points ORDER BY 1, 2, 3, 4`,
    ),
    audit: (await platform.sql(`SELECT count(*)::int AS n FROM audit_log`))[0].n,
  });
  const auditRows = (operation: string) =>
    platform.sql(
      `SELECT actor_user_id, actor_role, region_id, district_id, school_id, target_ids, details FROM audit_log WHERE operation = $1 ORDER BY id`,
      [operation],
    );
  const plan = async (token: string, fromYear = 2020, toYear = 2024, districtId = org.districtId) => {
    const result = await platform.gql(DISTRICT_PLAN, { districtId, fromYear, toYear }, token);
    expect(result.errors).toBeUndefined();
    return result.data.districtTargetPlan;
  };

  beforeAll(async () => {
    // With the worker: a real enrollment import is written by its job.
    platform = await startPlatform({ worker: true });
    org = await createOrg(platform, 'KLN', 12);
    other = await createOrg(platform, 'OTH', 1);
    for (const [i, [code, name]] of SCHOOLS.entries()) {
      await platform.sql(`UPDATE schools SET code = $2, name = $3 WHERE id = $1`, [org.schoolIds[i], code, name]);
      schoolId[code] = org.schoolIds[i]!;
    }
    // A neighbouring district of the same region, with its own coordinator.
    const [district] = await platform.sql(
      `INSERT INTO districts (region_id, code, name) VALUES ($1, 'D-NBR', 'Соседний район') RETURNING id`,
      [org.regionId],
    );
    neighbour = { districtId: district.id, email: 'coordinator.nbr@test.local' };
    await platform.sql(
      `INSERT INTO users (email, password_hash, role, region_id, district_id)
       SELECT $1, password_hash, 'DISTRICT_COORDINATOR', region_id, $2 FROM users WHERE id = $3`,
      [neighbour.email, district.id, org.coordinator.id],
    );
    tokens.admin = await platform.adminToken();
    tokens.authority = await platform.login(org.authority.email, FIXTURE_PASSWORD);
    tokens.coordinator = await platform.login(org.coordinator.email, FIXTURE_PASSWORD);
    tokens.curator01 = await platform.login(org.curators[0]!.email, FIXTURE_PASSWORD);
    tokens.curator04 = await platform.login(org.curators[3]!.email, FIXTURE_PASSWORD);
    tokens.neighbour = await platform.login(neighbour.email, FIXTURE_PASSWORD);
    tokens.otherAuthority = await platform.login(other.authority.email, FIXTURE_PASSWORD);
  });
  afterAll(() => platform?.close());

  it('lets the authority set the region default schedule, which the district then follows (audited)', async () => {
    const mentee = await platform.gql(
      SET_REGION_SCHEDULE,
      { input: { regionId: org.regionId, indicator: 'MENTEE_COVERAGE', points: DEFAULT_MENTEE } },
      tokens.authority,
    );
    expect(mentee.errors).toBeUndefined();
    expect(mentee.data.setRegionTargetSchedule).toEqual({ indicator: 'MENTEE_COVERAGE', source: 'REGION_DEFAULT', points: DEFAULT_MENTEE });
    // Given out of order: stored and returned by year.
    const mentor = await platform.gql(
      SET_REGION_SCHEDULE,
      { input: { regionId: org.regionId, indicator: 'STUDENT_MENTORS', points: [...DEFAULT_MENTOR].reverse() } },
      tokens.admin,
    );
    expect(mentor.data.setRegionTargetSchedule.points).toEqual(DEFAULT_MENTOR);

    const schedules = await platform.gql(SCHEDULES, { districtId: org.districtId }, tokens.coordinator);
    expect(schedules.data.targetSchedules).toEqual([
      { indicator: 'MENTEE_COVERAGE', source: 'REGION_DEFAULT', points: DEFAULT_MENTEE },
      { indicator: 'STUDENT_MENTORS', source: 'REGION_DEFAULT', points: DEFAULT_MENTOR },
    ]);
    expect(
      await platform.sql(`SELECT count(*)::int AS n FROM target_schedule_points WHERE region_id = $1 AND district_id IS NULL`, [
        org.regionId,
      ]),
    ).toEqual([{ n: 10 }]);
    const audit = await auditRows('target_schedule.set_region_default');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor_user_id: org.authority.id,
      actor_role: 'AUTHORITY',
      region_id: org.regionId,
      target_ids: [org.regionId],
    });
    expect(audit[0].details).toEqual({ indicator: 'MENTEE_COVERAGE', old: [], new: DEFAULT_MENTEE });
  });

  it('checks an import in a dry run and stores nothing', async () => {
    const before = await snapshot();
    const result = await platform.gql(
      IMPORT,
      { input: { districtId: org.districtId, fileName: 'контингент-2020-2024.csv', contentBase64: base64(csvOf(CSV_ROWS)), dryRun: true } },
      tokens.coordinator,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.importEnrollment).toMatchObject({
      dryRun: true,
      applied: false,
      rowCount: 18,
      inserted: 18,
      updated: 0,
      unchanged: 0,
      errors: [],
    });
    expect(result.data.importEnrollment.rows[8]).toEqual({
      line: 10,
      schoolCode: 'КЛН-04',
      year: 2020,
      students: 96,
      mentorBase: null,
      previousStudents: null,
      previousMentorBase: null,
      action: 'INSERT',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file with bad rows as a whole, listing every bad cell by line and column', async () => {
    const bad = csvOf([
      ['КЛН-01', 2020, 850, 310],
      ['КЛН-99', 2020, 100, 10], // line 3: no such school in the district
      ['КЛН-02', 2020, -3, ''], // line 4: negative
      ['КЛН-03', 2020, 415, 500], // line 5: mentor base above students
      ['КЛН-04', 1999, 96, ''], // line 6: year out of range
      ['КЛН-01', 2020, 851, 310], // line 7: the same school and year again
      ['КЛН-05', 2020, '730.5', 290], // line 8: not a whole number
      [`S-OTH-1`, 2020, 10, 1], // line 9: a school of another district
    ]);
    const input = { districtId: org.districtId, fileName: 'bad.csv', contentBase64: base64(bad) };
    const before = await snapshot();
    const dry = await platform.gql(IMPORT, { input: { ...input, dryRun: true } }, tokens.coordinator);
    const expectedErrors = [
      [3, 'school_code'],
      [4, 'students'],
      [5, 'mentor_base'],
      [6, 'year'],
      [7, 'year'],
      [8, 'students'],
      [9, 'school_code'],
    ];
    expect(dry.data.importEnrollment.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual(expectedErrors);
    expect(dry.data.importEnrollment.errors[0].message).toContain('КЛН-99');
    expect(dry.data.importEnrollment.applied).toBe(false);

    const real = await platform.gql(IMPORT, { input: { ...input, dryRun: false } }, tokens.coordinator);
    expect(errorCode(real)).toBe('BAD_USER_INPUT');
    expect(real.data).toBeNull();
    const rowErrors = real.errors![0]!.extensions!.rowErrors as { line: number; field: string }[];
    expect(rowErrors.map((e) => [e.line, e.field])).toEqual(expectedErrors);
    expect(await snapshot()).toEqual(before);

    // A file that is not a table, or lacks a column, is refused before any row.
    const noColumn = await platform.gql(
      IMPORT,
      {
        input: {
          districtId: org.districtId,
          fileName: 'x.csv',
          contentBase64: base64('school_code;year;students\nКЛН-01;2020;850\n'),
          dryRun: true,
        },
      },
      tokens.coordinator,
    );
    expect(errorCode(noColumn)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(noColumn)).toEqual(['contentBase64']);
    expect(noColumn.errors![0]!.message).toContain('mentor_base');
    const notBase64 = await platform.gql(
      IMPORT,
      { input: { districtId: org.districtId, fileName: 'x.csv', contentBase64: '%%%', dryRun: true } },
      tokens.coordinator,
    );
    expect(fieldsOf(notBase64)).toEqual(['contentBase64']);
    const pdf = await platform.gql(
      IMPORT,
      { input: { districtId: org.districtId, fileName: 'x.pdf', contentBase64: base64('a'), dryRun: true } },
      tokens.coordinator,
    );
    expect(fieldsOf(pdf)).toEqual(['fileName']);
    expect(await snapshot()).toEqual(before);
  });

  it('imports the order from CSV and XLSX, each in one go and audited once', async () => {
    const csv = await platform.gql(
      IMPORT,
      {
        input: { districtId: org.districtId, fileName: 'контингент-2020-2024.csv', contentBase64: base64(csvOf(CSV_ROWS)), dryRun: false },
      },
      tokens.coordinator,
    );
    expect(csv.errors).toBeUndefined();
    expect(csv.data.importEnrollment).toMatchObject({
      dryRun: false,
      applied: false,
      rowCount: 18,
      inserted: 18,
      updated: 0,
      unchanged: 0,
      errors: [],
    });
    expect(await waitForJob(platform, tokens.coordinator, csv.data.importEnrollment.job.id, 60_000)).toMatchObject({
      state: 'COMPLETED',
      progress: 100,
    });

    const xlsx = await xlsxOf(XLSX_ROWS);
    const dry = await platform.gql(
      IMPORT,
      { input: { districtId: org.districtId, fileName: 'Контингент.XLSX', contentBase64: xlsx, dryRun: true } },
      tokens.authority,
    );
    expect(dry.data.importEnrollment).toMatchObject({ applied: false, rowCount: 21, inserted: 21 });
    const real = await platform.gql(
      IMPORT,
      { input: { districtId: org.districtId, fileName: 'Контингент.XLSX', contentBase64: xlsx, dryRun: false } },
      tokens.authority,
    );
    expect(real.data.importEnrollment).toMatchObject({ applied: false, rowCount: 21, inserted: 21, updated: 0, unchanged: 0 });
    expect(await waitForJob(platform, tokens.authority, real.data.importEnrollment.job.id, 60_000)).toMatchObject({ state: 'COMPLETED' });

    const stored = await platform.sql(
      `SELECT s.code, e.year, e.students, e.mentor_base, e.version, e.region_id, e.district_id
         FROM enrollments e JOIN schools s ON s.id = e.school_id ORDER BY s.code, e.year`,
    );
    expect(stored.map((r) => [r.code, r.year, r.students, r.mentor_base ?? ''])).toEqual(ORDER);
    expect(stored.every((r) => r.version === 1 && r.region_id === org.regionId && r.district_id === org.districtId)).toBe(true);

    const audit = await auditRows('enrollment.import');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor_user_id: org.coordinator.id, district_id: org.districtId, target_ids: [org.districtId] });
    expect(audit[0].details).toMatchObject({ fileName: 'контингент-2020-2024.csv', rowCount: 18, inserted: 18, updated: 0, unchanged: 0 });
    expect(audit[0].details.changes).toHaveLength(18);
    expect(audit[1]).toMatchObject({ actor_user_id: org.authority.id, actor_role: 'AUTHORITY' });

    // The same file again changes nothing.
    const again = await platform.gql(
      IMPORT,
      {
        input: { districtId: org.districtId, fileName: 'контингент-2020-2024.csv', contentBase64: base64(csvOf(CSV_ROWS)), dryRun: false },
      },
      tokens.coordinator,
    );
    expect(again.data.importEnrollment).toMatchObject({ applied: false, inserted: 0, updated: 0, unchanged: 18 });
    expect(await waitForJob(platform, tokens.coordinator, again.data.importEnrollment.job.id, 60_000)).toMatchObject({
      state: 'COMPLETED',
    });
    expect(await platform.sql(`SELECT max(version)::int AS v FROM enrollments`)).toEqual([{ v: 1 }]);
  });

  it('computes every cell of the district plan and the totals row exactly', async () => {
    const result = await plan(tokens.coordinator);
    expect(result.rows.map((row: any) => row.school)).toEqual(SCHOOLS.map(([code, name]) => ({ id: schoolId[code], code, name })));
    for (const row of result.rows) {
      const expected = EXPECTED[row.school.code]!.map((cell, i) => {
        const year = 2020 + i;
        if (cell === null) return { year, students: null, mentorBase: null, menteeTarget: null, mentorTarget: null };
        const [students, mentorBase, menteeTarget, mentorTarget] = cell;
        return { year, students, mentorBase, menteeTarget, mentorTarget };
      });
      expect({ code: row.school.code, cells: row.cells }).toEqual({ code: row.school.code, cells: expected });
    }
    expect(result.totals).toEqual(EXPECTED_TOTALS);
    expect(result.schedules.map((s: any) => s.source)).toEqual(['REGION_DEFAULT', 'REGION_DEFAULT']);

    // The same plan for the region's authority and an admin.
    expect(await plan(tokens.authority)).toEqual(result);
    expect(await plan(tokens.admin)).toEqual(result);
  });

  it("gives a school's curator its own row", async () => {
    const own = await platform.gql(SCHOOL_PLAN, { schoolId: schoolId['КЛН-01'], fromYear: 2020, toYear: 2024 }, tokens.curator01);
    expect(own.errors).toBeUndefined();
    expect(own.data.schoolTargetPlan.school).toEqual({ id: schoolId['КЛН-01'], code: 'КЛН-01', name: SCHOOLS[0]![1] });
    expect(own.data.schoolTargetPlan.cells.map((c: any) => [c.students, c.mentorBase, c.menteeTarget, c.mentorTarget])).toEqual(
      EXPECTED['КЛН-01'],
    );
  });

  it('shows a changed enrollment in the plan at once and audits the old and new values', async () => {
    // The coordinator corrects КЛН-07 2024 (66/25 → 71/27): 70 % × 71 = 49.7 → 50; 10 % × 27 = 2.7 → 3.
    const set = await platform.gql(
      SET_ENROLLMENT,
      { input: { schoolId: schoolId['КЛН-07'], year: 2024, students: 71, mentorBase: 27 } },
      tokens.coordinator,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data.setEnrollment).toMatchObject({ schoolId: schoolId['КЛН-07'], year: 2024, students: 71, mentorBase: 27, version: 2 });
    // КЛН-04's curator adds 2024 for its own school, without a mentor base: 70 % × 112 = 78.4 → 78; 10 % × 112 = 11.2 → 11.
    const own = await platform.gql(
      SET_ENROLLMENT,
      { input: { schoolId: schoolId['КЛН-04'], year: 2024, students: 112 } },
      tokens.curator04,
    );
    expect(own.data.setEnrollment).toMatchObject({ year: 2024, students: 112, mentorBase: null, version: 1 });

    const after = await plan(tokens.coordinator, 2024, 2024);
    const cellOf = (code: string) => after.rows.find((r: any) => r.school.code === code).cells[0];
    expect(cellOf('КЛН-07')).toEqual({ year: 2024, students: 71, mentorBase: 27, menteeTarget: 50, mentorTarget: 3 });
    expect(cellOf('КЛН-04')).toEqual({ year: 2024, students: 112, mentorBase: 112, menteeTarget: 78, mentorTarget: 11 });
    // Students 8864 + 5 + 2 = 8871: 70 % = 6209.7 → 6210 (Σ 6206 − 46 + 50 − 77 + 78 = 6211);
    // mentor base 3392 + 2 + 2 = 3396: 10 % = 339.6 → 340 (Σ 341 − 3 + 3 − 11 + 11 = 341).
    expect(after.totals).toEqual([
      {
        year: 2024,
        students: 8871,
        mentorBase: 3396,
        menteeTarget: 6210,
        mentorTarget: 340,
        sumOfSchoolMenteeTargets: 6211,
        sumOfSchoolMentorTargets: 341,
      },
    ]);

    const audit = await auditRows('enrollment.set');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actor_user_id: org.coordinator.id,
      actor_role: 'DISTRICT_COORDINATOR',
      region_id: org.regionId,
      district_id: org.districtId,
      school_id: schoolId['КЛН-07'],
      target_ids: [set.data.setEnrollment.id],
    });
    expect(audit[0].details).toEqual({
      schoolCode: 'КЛН-07',
      year: 2024,
      old: { students: 66, mentorBase: 25, version: 1 },
      new: { students: 71, mentorBase: 27, version: 2 },
    });
    expect(audit[1]).toMatchObject({ actor_user_id: org.curators[3]!.id, actor_role: 'SCHOOL_CURATOR', school_id: schoolId['КЛН-04'] });
    expect(audit[1].details).toMatchObject({ old: null, new: { students: 112, mentorBase: null, version: 1 } });

    const history = await platform.gql(
      `query($schoolId: ID!) { enrollmentHistory(schoolId: $schoolId) { year students mentorBase version } }`,
      { schoolId: schoolId['КЛН-04'] },
      tokens.curator04,
    );
    expect(history.data.enrollmentHistory).toEqual([
      { year: 2020, students: 96, mentorBase: null, version: 1 },
      { year: 2021, students: 102, mentorBase: null, version: 1 },
      { year: 2023, students: 110, mentorBase: null, version: 1 },
      { year: 2024, students: 112, mentorBase: null, version: 1 },
    ]);
  });

  it("replaces the region default of an indicator with the district's override, and falls back when it is removed", async () => {
    // The district continues the national goal with its own mentee schedule: 72.5 % in 2024, 75 % in 2025.
    // The override replaces the whole mentee schedule: 2023 has no mentee target any more.
    const set = await platform.gql(
      SET_SCHEDULE,
      {
        input: {
          districtId: org.districtId,
          indicator: 'MENTEE_COVERAGE',
          points: [
            { year: 2025, percent: 75 },
            { year: 2024, percent: 72.5 },
          ],
        },
      },
      tokens.coordinator,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data.setTargetSchedule).toEqual({
      indicator: 'MENTEE_COVERAGE',
      source: 'DISTRICT_OVERRIDE',
      points: [
        { year: 2024, percent: 72.5 },
        { year: 2025, percent: 75 },
      ],
    });
    const overridden = await plan(tokens.coordinator, 2023, 2025);
    const cellsOf = (p: any, code: string) => p.rows.find((r: any) => r.school.code === code).cells;
    // КЛН-03 (415/145): 72.5 % × 415 = 300.875 → 301; 75 % × 415 = 311.25 → 311; mentors stay on the region default (none in 2025).
    expect(cellsOf(overridden, 'КЛН-03')).toEqual([
      { year: 2023, students: 415, mentorBase: 145, menteeTarget: null, mentorTarget: 12 },
      { year: 2024, students: 415, mentorBase: 145, menteeTarget: 301, mentorTarget: 15 },
      { year: 2025, students: 415, mentorBase: 145, menteeTarget: 311, mentorTarget: null },
    ]);
    // КЛН-09 (1130): 72.5 % = 819.25 → 819; 75 % = 847.5 → 848 (half up).
    expect(cellsOf(overridden, 'КЛН-09').map((c: any) => c.menteeTarget)).toEqual([null, 819, 848]);
    // Totals: 72.5 % × 8871 = 6431.475 → 6431 (Σ 6432); 75 % × 8871 = 6653.25 → 6653 (Σ 6655).
    expect(overridden.totals).toEqual([
      {
        year: 2023,
        students: 8712,
        mentorBase: 3334,
        menteeTarget: null,
        mentorTarget: 267,
        sumOfSchoolMenteeTargets: null,
        sumOfSchoolMentorTargets: 267,
      },
      {
        year: 2024,
        students: 8871,
        mentorBase: 3396,
        menteeTarget: 6431,
        mentorTarget: 340,
        sumOfSchoolMenteeTargets: 6432,
        sumOfSchoolMentorTargets: 341,
      },
      {
        year: 2025,
        students: 8871,
        mentorBase: 3396,
        menteeTarget: 6653,
        mentorTarget: null,
        sumOfSchoolMenteeTargets: 6655,
        sumOfSchoolMentorTargets: null,
      },
    ]);
    const schedules = await platform.gql(SCHEDULES, { districtId: org.districtId }, tokens.authority);
    expect(schedules.data.targetSchedules.map((s: any) => [s.indicator, s.source])).toEqual([
      ['MENTEE_COVERAGE', 'DISTRICT_OVERRIDE'],
      ['STUDENT_MENTORS', 'REGION_DEFAULT'],
    ]);

    const removed = await platform.gql(
      SET_SCHEDULE,
      { input: { districtId: org.districtId, indicator: 'MENTEE_COVERAGE', points: [] } },
      tokens.coordinator,
    );
    expect(removed.data.setTargetSchedule).toEqual({ indicator: 'MENTEE_COVERAGE', source: 'REGION_DEFAULT', points: DEFAULT_MENTEE });
    const back = await plan(tokens.coordinator, 2023, 2023);
    expect(back.totals[0]).toMatchObject({ year: 2023, menteeTarget: 4792 });

    const audit = await auditRows('target_schedule.set');
    expect(audit.map((row) => row.details)).toEqual([
      {
        indicator: 'MENTEE_COVERAGE',
        old: [],
        new: [
          { year: 2024, percent: 72.5 },
          { year: 2025, percent: 75 },
        ],
      },
      {
        indicator: 'MENTEE_COVERAGE',
        old: [
          { year: 2024, percent: 72.5 },
          { year: 2025, percent: 75 },
        ],
        new: [],
      },
    ]);
    expect(audit[0]).toMatchObject({ actor_user_id: org.coordinator.id, district_id: org.districtId, region_id: org.regionId });
  });

  describe('refuses bad input, naming the field, and stores nothing', () => {
    const school = () => schoolId['КЛН-05'];
    it.each([
      ['negative students', () => ({ schoolId: school(), year: 2024, students: -1 }), 'students'],
      ['negative mentor base', () => ({ schoolId: school(), year: 2024, students: 100, mentorBase: -1 }), 'mentorBase'],
      ['mentor base above students', () => ({ schoolId: school(), year: 2024, students: 100, mentorBase: 101 }), 'mentorBase'],
      ['a year before 2000', () => ({ schoolId: school(), year: 1999, students: 100 }), 'year'],
      ['a year after 2100', () => ({ schoolId: school(), year: 2101, students: 100 }), 'year'],
      ['a malformed school id', () => ({ schoolId: 'school-5', year: 2024, students: 100 }), 'schoolId'],
    ])('setEnrollment with %s', async (_label, input, field) => {
      const before = await snapshot();
      const result = await platform.gql(SET_ENROLLMENT, { input: input() }, tokens.coordinator);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(result)).toContain(field);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['students', { students: 100.5 }],
      ['mentorBase', { students: 100, mentorBase: 20.5 }],
    ])('setEnrollment with a non-integer %s (refused by the schema, naming the field)', async (field, counts) => {
      const before = await snapshot();
      const result = await platform.gql(SET_ENROLLMENT, { input: { schoolId: school(), year: 2024, ...counts } }, tokens.coordinator);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.message).toContain(`input.${field}`);
      expect(await snapshot()).toEqual(before);
    });

    it('setEnrollment for an unknown school: NOT_FOUND naming schoolId', async () => {
      const before = await snapshot();
      const result = await platform.gql(SET_ENROLLMENT, { input: { schoolId: randomUUID(), year: 2024, students: 100 } }, tokens.admin);
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(fieldsOf(result)).toEqual(['schoolId']);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      [
        'a percent above 100',
        [
          { year: 2020, percent: 10 },
          { year: 2021, percent: 100.01 },
        ],
        ['points[1].percent'],
      ],
      ['a negative percent', [{ year: 2020, percent: -0.5 }], ['points[0].percent']],
      [
        'three decimals',
        [
          { year: 2020, percent: 10 },
          { year: 2021, percent: 25 },
          { year: 2022, percent: 12.345 },
        ],
        ['points[2].percent'],
      ],
      [
        'a year out of range',
        [
          { year: 1999, percent: 10 },
          { year: 2101, percent: 10 },
        ],
        ['points[0].year', 'points[1].year'],
      ],
      [
        'a repeated year',
        [
          { year: 2024, percent: 70 },
          { year: 2024, percent: 72 },
        ],
        ['points[1].year'],
      ],
    ])('setTargetSchedule with %s', async (_label, points, fields) => {
      const before = await snapshot();
      const result = await platform.gql(
        SET_SCHEDULE,
        { input: { districtId: org.districtId, indicator: 'MENTEE_COVERAGE', points } },
        tokens.coordinator,
      );
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(result)).toEqual(fields);
      const region = await platform.gql(
        SET_REGION_SCHEDULE,
        { input: { regionId: org.regionId, indicator: 'STUDENT_MENTORS', points } },
        tokens.authority,
      );
      expect(fieldsOf(region)).toEqual(fields);
      expect(await snapshot()).toEqual(before);
    });

    it('setTargetSchedule for an unknown district: NOT_FOUND naming districtId', async () => {
      const before = await snapshot();
      const result = await platform.gql(
        SET_SCHEDULE,
        { input: { districtId: randomUUID(), indicator: 'MENTEE_COVERAGE', points: [] } },
        tokens.admin,
      );
      expect(errorCode(result)).toBe('NOT_FOUND');
      expect(fieldsOf(result)).toEqual(['districtId']);
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['toYear before fromYear', 2024, 2020, 'toYear'],
      ['more than 50 years', 2000, 2050, 'toYear'],
      ['a year before 2000', 1999, 2020, 'fromYear'],
    ])('districtTargetPlan with %s', async (_label, fromYear, toYear, field) => {
      const result = await platform.gql(DISTRICT_PLAN, { districtId: org.districtId, fromYear, toYear }, tokens.coordinator);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(result)).toEqual([field]);
    });

    it('accepts a 50-year plan', async () => {
      const result = await plan(tokens.coordinator, 2000, 2049);
      expect(result.totals).toHaveLength(50);
    });
  });

  describe('refuses people outside the scope (FORBIDDEN) and stores nothing', () => {
    it("refuses a curator another school's enrollment and plan, and the district plan", async () => {
      const before = await snapshot();
      const set = await platform.gql(
        SET_ENROLLMENT,
        { input: { schoolId: schoolId['КЛН-02'], year: 2024, students: 1 } },
        tokens.curator01,
      );
      expect(errorCode(set)).toBe('FORBIDDEN');
      const history = await platform.gql(
        `query($s: ID!) { enrollmentHistory(schoolId: $s) { year } }`,
        { s: schoolId['КЛН-02'] },
        tokens.curator01,
      );
      expect(errorCode(history)).toBe('FORBIDDEN');
      const otherPlan = await platform.gql(SCHOOL_PLAN, { schoolId: schoolId['КЛН-02'], fromYear: 2020, toYear: 2024 }, tokens.curator01);
      expect(errorCode(otherPlan)).toBe('FORBIDDEN');
      const district = await platform.gql(DISTRICT_PLAN, { districtId: org.districtId, fromYear: 2020, toYear: 2024 }, tokens.curator01);
      expect(errorCode(district)).toBe('FORBIDDEN');
      const schedule = await platform.gql(
        SET_SCHEDULE,
        { input: { districtId: org.districtId, indicator: 'MENTEE_COVERAGE', points: [] } },
        tokens.curator01,
      );
      expect(errorCode(schedule)).toBe('FORBIDDEN');
      const imported = await platform.gql(
        IMPORT,
        {
          input: { districtId: org.districtId, fileName: 'a.csv', contentBase64: base64(csvOf([['КЛН-01', 2020, 1, '']])), dryRun: false },
        },
        tokens.curator01,
      );
      expect(errorCode(imported)).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });

    it("refuses a coordinator of another district the district's plan, schedule, enrollment and import", async () => {
      const before = await snapshot();
      const refused = [
        await platform.gql(DISTRICT_PLAN, { districtId: org.districtId, fromYear: 2020, toYear: 2024 }, tokens.neighbour),
        await platform.gql(SCHOOL_PLAN, { schoolId: schoolId['КЛН-01'], fromYear: 2020, toYear: 2024 }, tokens.neighbour),
        await platform.gql(SCHEDULES, { districtId: org.districtId }, tokens.neighbour),
        await platform.gql(
          SET_SCHEDULE,
          { input: { districtId: org.districtId, indicator: 'MENTEE_COVERAGE', points: [{ year: 2024, percent: 1 }] } },
          tokens.neighbour,
        ),
        await platform.gql(SET_ENROLLMENT, { input: { schoolId: schoolId['КЛН-01'], year: 2024, students: 1 } }, tokens.neighbour),
        await platform.gql(
          IMPORT,
          {
            input: {
              districtId: org.districtId,
              fileName: 'a.csv',
              contentBase64: base64(csvOf([['КЛН-01', 2020, 1, '']])),
              dryRun: false,
            },
          },
          tokens.neighbour,
        ),
        // Only authorities and admins set a region default.
        await platform.gql(
          SET_REGION_SCHEDULE,
          { input: { regionId: org.regionId, indicator: 'MENTEE_COVERAGE', points: [] } },
          tokens.coordinator,
        ),
      ];
      expect(refused.map(errorCode)).toEqual(Array(refused.length).fill('FORBIDDEN'));
      expect(await snapshot()).toEqual(before);
    });

    it("refuses an authority of another region the region's schedules and plans", async () => {
      const before = await snapshot();
      const refused = [
        await platform.gql(DISTRICT_PLAN, { districtId: org.districtId, fromYear: 2020, toYear: 2024 }, tokens.otherAuthority),
        await platform.gql(
          SET_REGION_SCHEDULE,
          { input: { regionId: org.regionId, indicator: 'MENTEE_COVERAGE', points: [] } },
          tokens.otherAuthority,
        ),
        await platform.gql(SET_ENROLLMENT, { input: { schoolId: schoolId['КЛН-01'], year: 2024, students: 1 } }, tokens.otherAuthority),
      ];
      expect(refused.map(errorCode)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(await snapshot()).toEqual(before);
    });
  });
});
