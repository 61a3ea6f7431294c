import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createOrg, type OrgFixture } from './harness/fixtures';
import type { Platform } from './harness/platform';

/**
 * A district for monitoring tests, written directly as the owner: 2024, region default schedule
 * 70 % mentees / 10 % student mentors, seven schools chosen so that every status and report status
 * occurs, and the district total target (from the total base, 0.7 × 2 499 = 1 749.3 → 1 749)
 * differs from the sum of the school targets (1 751). Figures expected from it are worked out by
 * hand in the tests.
 */
export const YEAR = 2024;
export const QUARTER = 2;

export interface MonitoringFixture extends OrgFixture {
  /** School ids by fixture name S1…S7 (codes S-<tag>-1 … S-<tag>-7). */
  school: Record<'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7', string>;
}

interface SchoolPlan {
  enrollment: { year: number; students: number; mentorBase: number | null };
  report?: { status: string; figures: Record<string, number> };
  previous?: { status: string; figures: Record<string, number> };
}

const PLAN: Record<keyof MonitoringFixture['school'], SchoolPlan> = {
  // 600 ≥ 595 = 0.7 × 850: ACHIEVED.
  S1: {
    enrollment: { year: 2024, students: 850, mentorBase: 300 },
    report: {
      status: 'APPROVED',
      figures: {
        STUDENTS: 850,
        MENTEES_STUDENTS: 600,
        MENTEES_STUDENTS_STUDENT_STUDENT: 300,
        MENTEES_STUDENTS_TEACHER_STUDENT: 350,
        MENTORS_STUDENTS: 31,
        TEACHERS: 60,
        MENTEES_TEACHERS: 8,
        MENTEES_YOUNG_SPECIALISTS: 3,
        MENTORS_TEACHERS: 20,
        MENTORS_EXTERNAL_EMPLOYER: 3,
        PAIRS: 250,
        GROUPS: 12,
      },
    },
    previous: {
      status: 'APPROVED',
      figures: { STUDENTS: 850, MENTEES_STUDENTS: 400, MENTORS_STUDENTS: 20, TEACHERS: 60, MENTEES_TEACHERS: 5, MENTORS_TEACHERS: 15 },
    },
  },
  // Enrollment of 2022 carried forward: target 0.7 × 401 = 280.7 → 281; 150 / 281 = 53.4 % ≥ 50 %: ON_TRACK.
  S2: {
    enrollment: { year: 2022, students: 401, mentorBase: null },
    report: {
      status: 'SUBMITTED',
      figures: {
        STUDENTS: 410,
        MENTEES_STUDENTS: 150,
        MENTEES_STUDENTS_STUDENT_STUDENT: 150,
        MENTORS_STUDENTS: 4,
        TEACHERS: 30,
        MENTEES_TEACHERS: 2,
        MENTORS_TEACHERS: 5,
        MENTORS_EXTERNAL_PARENT: 2,
        PAIRS: 80,
      },
    },
    previous: {
      status: 'SUBMITTED',
      figures: { STUDENTS: 405, MENTEES_STUDENTS: 100, MENTORS_STUDENTS: 2, TEACHERS: 30, MENTEES_TEACHERS: 1, MENTORS_TEACHERS: 4 },
    },
  },
  // Target 233.1 → 233; 100 / 233 = 42.9 %, within 15 pp of 50 %: AT_RISK.
  S3: {
    enrollment: { year: 2024, students: 333, mentorBase: 100 },
    report: {
      status: 'APPROVED',
      figures: {
        STUDENTS: 333,
        MENTEES_STUDENTS: 100,
        MENTEES_STUDENTS_EMPLOYER_STUDENT: 100,
        MENTORS_STUDENTS: 10,
        TEACHERS: 25,
        MENTEES_TEACHERS: 0,
        MENTORS_TEACHERS: 3,
      },
    },
  },
  // Target 350; 80 / 350 = 22.9 %: BEHIND. Its Q1 report is a draft (no previous figures).
  S4: {
    enrollment: { year: 2024, students: 500, mentorBase: 120 },
    report: {
      status: 'SUBMITTED',
      figures: {
        STUDENTS: 500,
        MENTEES_STUDENTS: 80,
        MENTEES_STUDENTS_UNIVERSITY_STUDENT_STUDENT: 80,
        MENTORS_STUDENTS: 2,
        TEACHERS: 40,
        MENTEES_TEACHERS: 4,
        MENTORS_TEACHERS: 2,
        GROUPS: 3,
      },
    },
    previous: { status: 'DRAFT', figures: { STUDENTS: 500, MENTEES_STUDENTS: 50 } },
  },
  // No report: NO_DATA, MISSING. Target 150.5 → 151 (half up).
  S5: { enrollment: { year: 2024, students: 215, mentorBase: 60 } },
  // Returned report: its figures do not count. Target 87.5 → 88.
  S6: {
    enrollment: { year: 2024, students: 125, mentorBase: null },
    report: {
      status: 'RETURNED',
      figures: { STUDENTS: 125, MENTEES_STUDENTS: 125, MENTORS_STUDENTS: 1, TEACHERS: 10, MENTEES_TEACHERS: 0, MENTORS_TEACHERS: 0 },
    },
  },
  // Draft: does not count either. Target 52.5 → 53.
  S7: {
    enrollment: { year: 2024, students: 75, mentorBase: null },
    report: { status: 'DRAFT', figures: { STUDENTS: 75, MENTEES_STUDENTS: 70 } },
  },
};

export async function seedMonitoringDistrict(platform: Platform, tag: string): Promise<MonitoringFixture> {
  const org = await createOrg(platform, tag, 7);
  const names = Object.keys(PLAN) as (keyof MonitoringFixture['school'])[];
  const school = Object.fromEntries(names.map((name, i) => [name, org.schoolIds[i]!])) as MonitoringFixture['school'];
  for (const [indicator, percents] of [
    ['MENTEE_COVERAGE', [1000, 2500, 4000, 5500, 7000]],
    ['STUDENT_MENTORS', [200, 400, 600, 800, 1000]],
  ] as const) {
    await platform.sql(
      `INSERT INTO target_schedule_points (region_id, indicator, year, percent_bp)
       SELECT $1, $2, 2020 + i - 1, ($3::int[])[i] FROM generate_series(1, 5) i`,
      [org.regionId, indicator, percents],
    );
  }
  for (const name of names) {
    const plan = PLAN[name];
    const keys = [org.regionId, org.districtId, school[name]];
    await platform.sql(
      `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, $4, $5, $6)`,
      [...keys, plan.enrollment.year, plan.enrollment.students, plan.enrollment.mentorBase],
    );
    for (const [quarter, report] of [
      [QUARTER, plan.report],
      [QUARTER - 1, plan.previous],
    ] as const) {
      if (!report) continue;
      await platform.sql(
        `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version, figures)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)`,
        [...keys, YEAR, quarter, report.status, JSON.stringify(report.figures)],
      );
    }
  }
  return { ...org, school };
}

/** A second district in the fixture's region on a schedule of its own (60 % in 2024), one school: 700 of target 600. */
export async function seedSecondDistrict(
  platform: Platform,
  org: OrgFixture,
  tag: string,
): Promise<{ districtId: string; schoolId: string }> {
  const [district] = await platform.sql(`INSERT INTO districts (region_id, code, name) VALUES ($1, $2, $3) RETURNING id`, [
    org.regionId,
    `D2-${tag}`,
    `Второй район ${tag}`,
  ]);
  const [school] = await platform.sql(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
    org.regionId,
    district.id,
    `S2-${tag}-1`,
    `Гимназия (${tag})`,
  ]);
  await platform.sql(
    `INSERT INTO target_schedule_points (region_id, district_id, indicator, year, percent_bp) VALUES ($1, $2, 'MENTEE_COVERAGE', 2024, 6000)`,
    [org.regionId, district.id],
  );
  await platform.sql(
    `INSERT INTO enrollments (region_id, district_id, school_id, year, students, mentor_base) VALUES ($1, $2, $3, 2024, 1000, 200)`,
    [org.regionId, district.id, school.id],
  );
  await platform.sql(
    `INSERT INTO quarterly_reports (region_id, district_id, school_id, year, quarter, status, catalogue_version, figures)
     VALUES ($1, $2, $3, $4, $5, 'APPROVED', 1, $6)`,
    [
      org.regionId,
      district.id,
      school.id,
      YEAR,
      QUARTER,
      JSON.stringify({
        STUDENTS: 1000,
        MENTEES_STUDENTS: 700,
        MENTORS_STUDENTS: 25,
        TEACHERS: 70,
        MENTEES_TEACHERS: 6,
        MENTORS_TEACHERS: 9,
        PAIRS: 300,
      }),
    ],
  );
  return { districtId: district.id, schoolId: school.id };
}

export const SCHOOL_FIELDS = `school { id code name } reportStatus status students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent
  baseStudents mentorBase expectedProgressPercent previousMentees menteesDelta teachers menteesStudentStudent menteesTeacherStudent
  menteesUniversityStudentStudent menteesEmployerStudent menteesTeachers menteesYoungSpecialists mentorsTeachers mentorsExternalEmployer
  mentorsExternalUniversityStudent mentorsExternalGraduate mentorsExternalParent mentorsExternalOther pairs groups`;

export const TOTAL_FIELDS = `students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent baseStudents mentorBase status
  sumOfSchoolMenteeTargets sumOfSchoolMentorTargets schoolCount reportedSchoolCount notReportedSchoolCount previousMentees menteesDelta
  expectedProgressPercent teachers menteesStudentStudent menteesTeacherStudent menteesUniversityStudentStudent menteesEmployerStudent
  menteesTeachers menteesYoungSpecialists mentorsTeachers mentorsExternalEmployer mentorsExternalUniversityStudent mentorsExternalGraduate
  mentorsExternalParent mentorsExternalOther pairs groups`;

export const DISTRICT_MONITORING = `query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
    districtId year quarter computedAt jobId expectedProgressPercent
    totals { ${TOTAL_FIELDS} }
    schools { ${SCHOOL_FIELDS} }
    notReported { id code name }
  }
}`;

export const RUN_MONITORING = `mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`;

export const JOB = `query Job($id: ID!) { job(id: $id) { id state progress error name attempts createdAt startedAt finishedAt districtId regionId } }`;

const EMPTY_BREAKDOWN = {
  teachers: null,
  menteesStudentStudent: null,
  menteesTeacherStudent: null,
  menteesUniversityStudentStudent: null,
  menteesEmployerStudent: null,
  menteesTeachers: null,
  menteesYoungSpecialists: null,
  mentorsTeachers: null,
  mentorsExternalEmployer: null,
  mentorsExternalUniversityStudent: null,
  mentorsExternalGraduate: null,
  mentorsExternalParent: null,
  mentorsExternalOther: null,
  pairs: null,
  groups: null,
};

/** Every school row of the fixture, worked out by hand (Q2 expects 50 %). */
export function expectedSchools(
  f: MonitoringFixture,
  tag: string,
  expectedProgressPercent = 50,
  statusOverrides: Record<string, string> = {},
) {
  const ref = (n: number) => ({ id: f.schoolIds[n - 1], code: `S-${tag}-${n}`, name: `Школа № ${n} (${tag})` });
  const rows = [
    {
      school: ref(1),
      reportStatus: 'APPROVED',
      status: 'ACHIEVED',
      students: 850,
      mentees: 600,
      mentors: 31,
      menteeTarget: 595,
      mentorTarget: 30,
      coveragePercent: 70.6,
      progressPercent: 100.8,
      baseStudents: 850,
      mentorBase: 300,
      previousMentees: 400,
      menteesDelta: 200,
      ...EMPTY_BREAKDOWN,
      teachers: 60,
      menteesStudentStudent: 300,
      menteesTeacherStudent: 350,
      menteesTeachers: 8,
      menteesYoungSpecialists: 3,
      mentorsTeachers: 20,
      mentorsExternalEmployer: 3,
      pairs: 250,
      groups: 12,
    },
    {
      school: ref(2),
      reportStatus: 'SUBMITTED',
      status: 'ON_TRACK',
      students: 410,
      mentees: 150,
      mentors: 4,
      menteeTarget: 281,
      mentorTarget: 40,
      coveragePercent: 36.6,
      progressPercent: 53.4,
      baseStudents: 401,
      mentorBase: 401,
      previousMentees: 100,
      menteesDelta: 50,
      ...EMPTY_BREAKDOWN,
      teachers: 30,
      menteesStudentStudent: 150,
      menteesTeachers: 2,
      mentorsTeachers: 5,
      mentorsExternalParent: 2,
      pairs: 80,
    },
    {
      school: ref(3),
      reportStatus: 'APPROVED',
      status: 'AT_RISK',
      students: 333,
      mentees: 100,
      mentors: 10,
      menteeTarget: 233,
      mentorTarget: 10,
      coveragePercent: 30,
      progressPercent: 42.9,
      baseStudents: 333,
      mentorBase: 100,
      previousMentees: null,
      menteesDelta: null,
      ...EMPTY_BREAKDOWN,
      teachers: 25,
      menteesEmployerStudent: 100,
      menteesTeachers: 0,
      mentorsTeachers: 3,
    },
    {
      school: ref(4),
      reportStatus: 'SUBMITTED',
      status: 'BEHIND',
      students: 500,
      mentees: 80,
      mentors: 2,
      menteeTarget: 350,
      mentorTarget: 12,
      coveragePercent: 16,
      progressPercent: 22.9,
      baseStudents: 500,
      mentorBase: 120,
      previousMentees: null,
      menteesDelta: null,
      ...EMPTY_BREAKDOWN,
      teachers: 40,
      menteesUniversityStudentStudent: 80,
      menteesTeachers: 4,
      mentorsTeachers: 2,
      groups: 3,
    },
    {
      school: ref(5),
      reportStatus: 'MISSING',
      status: 'NO_DATA',
      students: 215,
      mentees: null,
      mentors: null,
      menteeTarget: 151,
      mentorTarget: 6,
      coveragePercent: null,
      progressPercent: null,
      baseStudents: 215,
      mentorBase: 60,
      previousMentees: null,
      menteesDelta: null,
      ...EMPTY_BREAKDOWN,
    },
    {
      school: ref(6),
      reportStatus: 'RETURNED',
      status: 'NO_DATA',
      students: 125,
      mentees: null,
      mentors: null,
      menteeTarget: 88,
      mentorTarget: 13,
      coveragePercent: null,
      progressPercent: null,
      baseStudents: 125,
      mentorBase: 125,
      previousMentees: null,
      menteesDelta: null,
      ...EMPTY_BREAKDOWN,
    },
    {
      school: ref(7),
      reportStatus: 'DRAFT',
      status: 'NO_DATA',
      students: 75,
      mentees: null,
      mentors: null,
      menteeTarget: 53,
      mentorTarget: 8,
      coveragePercent: null,
      progressPercent: null,
      baseStudents: 75,
      mentorBase: 75,
      previousMentees: null,
      menteesDelta: null,
      ...EMPTY_BREAKDOWN,
    },
  ];
  return rows.map((row) => ({ ...row, expectedProgressPercent, status: statusOverrides[row.school.code] ?? row.status }));
}

/**
 * The district totals by hand: targets from the total base (0.7 × 2 499 → 1 749; 0.1 × 1 181 → 118),
 * beside the sums of the school targets (1 751; 119); counts and breakdowns sum the counted reports.
 */
export const EXPECTED_TOTALS = {
  students: 2508,
  mentees: 930,
  mentors: 47,
  menteeTarget: 1749,
  mentorTarget: 118,
  coveragePercent: 37.1,
  progressPercent: 53.2,
  baseStudents: 2499,
  mentorBase: 1181,
  status: 'ON_TRACK',
  sumOfSchoolMenteeTargets: 1751,
  sumOfSchoolMentorTargets: 119,
  schoolCount: 7,
  reportedSchoolCount: 4,
  notReportedSchoolCount: 3,
  previousMentees: 500,
  menteesDelta: 430,
  expectedProgressPercent: 50,
  teachers: 155,
  menteesStudentStudent: 450,
  menteesTeacherStudent: 350,
  menteesUniversityStudentStudent: 80,
  menteesEmployerStudent: 100,
  menteesTeachers: 14,
  menteesYoungSpecialists: 3,
  mentorsTeachers: 30,
  mentorsExternalEmployer: 3,
  mentorsExternalUniversityStudent: null,
  mentorsExternalGraduate: null,
  mentorsExternalParent: 2,
  mentorsExternalOther: null,
  pairs: 330,
  groups: 15,
};

/** Polls job(id) until it has finished; fails after `timeoutMs`. */
export async function waitForJob(platform: Platform, token: string, id: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const result = await platform.gql(JOB, { id }, token);
    last = result.data?.job ?? result.errors;
    if (last?.state === 'COMPLETED' || last?.state === 'FAILED') return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish within ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
}

/** Waits for `check` to hold, polling; fails after `timeoutMs` with `what`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<void>;
}

/** The production worker entry as a separate process (ts-node), on the platform's database and queue. */
export function spawnWorker(platform: Platform, extraEnv: Record<string, string> = {}): WorkerProcess {
  const root = path.resolve(__dirname, '..');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: platform.database.appUrl,
    DATABASE_MIGRATION_URL: platform.database.ownerUrl,
    JOB_LOCK_DURATION_MS: '2000',
    OUTBOX_RECONCILE_INTERVAL_MS: '2000',
    WORKER_HEALTH_PORT: '0',
    TS_NODE_PROJECT: path.join(root, 'tsconfig.json'),
    ...(platform.env.REDIS_URL ? { REDIS_URL: platform.env.REDIS_URL } : { QUEUE_BACKEND: 'postgres' }),
    ...extraEnv,
  };
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, output: () => output, exited };
}

/** SIGKILLs a worker process (if still alive) and waits for it to be gone. */
export async function killWorker(worker: WorkerProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!worker || worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([worker.exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
  clearTimeout(timer);
}
