import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLField, GraphQLSchema, isCompositeType } from 'graphql';
import { QUARTERLY_REPORT_CATALOGUE } from '@mm/domain';
import { hashPassword } from '@mm/passwords';
import { createOrg, FIXTURE_PASSWORD, OrgFixture } from './harness/fixtures';
import { GraphqlResult, Platform, startPlatform } from './harness/platform';

/*
 * Tenant isolation, operation by operation. Two regions (A and B) are built, plus a second district
 * in region A. For every query and mutation of the schema, each non-admin role of tenant A calls it
 * aimed at a tenant it must not reach, and the call must be refused (FORBIDDEN or NOT_FOUND), or —
 * for a list without a target — answer without any of that tenant's rows, and change nothing in
 * the database.
 *
 * The operation table below must cover the whole schema: adding a query or mutation without an
 * entry here (or in NO_TENANT_TARGET, with the reason) fails the first test.
 */

/** Which kind of id a case aims at; a caller runs a case only against targets that are foreign at that level. */
type Level = 'region' | 'district' | 'school';

interface Target {
  label: string;
  /** The levels at which this target is outside the caller's reach. */
  levels: ReadonlySet<Level>;
  regionId: string;
  districtId: string;
  schoolId: string;
  schoolCode: string;
  curatorId: string;
  coordinatorId: string;
  authorityId: string;
  /** The target's own accounts, to prepare data in it (a report, a job) the way its users would. */
  tokens: { curator: string; coordinator: string; authority: string };
  /** Ids that must never appear in the caller's answers. */
  foreignIds: string[];
}

interface Case {
  level: Level;
  /** The operation's arguments aimed at the target; `prepared` is what the entry's `prepare` made there. */
  variables: (target: Target, prepared: any, unique: string) => Record<string, unknown>;
  /** `refused` (default): FORBIDDEN or NOT_FOUND. `filtered`: a list with no target id may answer, without the target's rows. */
  expect?: 'refused' | 'filtered';
  /** Selection for `filtered` cases: the ids to look at. Refused cases select `__typename` only. */
  selection?: string;
}

interface Entry {
  /** Named preparation run (once per target) before the cases; see PREPARATIONS. */
  prepare?: keyof typeof PREPARATIONS;
  cases: Case[];
}

/**
 * Operations with no tenant target at all, with the reason. Anything else needs an entry in OPERATIONS.
 */
const NO_TENANT_TARGET: Record<string, string> = {
  login: 'public; exchanges credentials for a token and names no tenant',
  me: 'returns the caller itself',
  changePassword: "changes the caller's own password; names no other account",
  logout: "revokes the caller's own tokens; names no other account",
  quarterlyReportCatalogue: 'the data set definition (codes, labels), the same for every tenant',
  statForms: 'the statistical form definitions, the same for every tenant',
  notifications: "the caller's own notifications only",
  unreadNotificationCount: "counts the caller's own notifications only",
  markNotificationsRead: "marks the caller's own notifications only; another user's id is NOT_FOUND (test/reporting-schedules.e2e-spec.ts)",
};

const YEAR = 2024;
const page = { first: 200 };
const csv = (unique: string) => Buffer.from(`code;name;curator_email\nX-${unique};Чужая школа;x-${unique}@evil.test\n`).toString('base64');

/** Every figure of the catalogue: complete, and consistent under every hard rule. */
const COMPLETE_FIGURES = QUARTERLY_REPORT_CATALOGUE.elements.map((e) => ({
  code: e.code,
  value: e.code === 'STUDENTS' ? 100 : e.code === 'TEACHERS' ? 10 : 0,
}));

const OPERATIONS: Record<string, Entry> = {
  // ---- organisation
  regions: {
    cases: [
      { level: 'region', expect: 'filtered', variables: () => page, selection: '{ items { id } }' },
      { level: 'region', expect: 'filtered', variables: () => ({ ...page, search: 'ISO' }), selection: '{ items { id } }' },
    ],
  },
  region: { cases: [{ level: 'region', variables: (t) => ({ id: t.regionId }) }] },
  districts: {
    cases: [
      { level: 'region', variables: (t) => ({ regionId: t.regionId }) },
      { level: 'district', expect: 'filtered', variables: () => page, selection: '{ items { id regionId } }' },
      { level: 'district', expect: 'filtered', variables: () => ({ ...page, search: 'ISO' }), selection: '{ items { id regionId } }' },
    ],
  },
  district: { cases: [{ level: 'district', variables: (t) => ({ id: t.districtId }) }] },
  schools: {
    cases: [
      { level: 'district', variables: (t) => ({ districtId: t.districtId }) },
      { level: 'school', expect: 'filtered', variables: () => page, selection: '{ items { id districtId regionId } }' },
      {
        level: 'school',
        expect: 'filtered',
        variables: () => ({ ...page, search: 'ISO' }),
        selection: '{ items { id districtId regionId } }',
      },
    ],
  },
  school: { cases: [{ level: 'school', variables: (t) => ({ id: t.schoolId }) }] },
  users: {
    cases: [
      { level: 'region', variables: (t) => ({ regionId: t.regionId }) },
      { level: 'district', variables: (t) => ({ districtId: t.districtId }) },
      { level: 'school', variables: (t) => ({ schoolId: t.schoolId }) },
      { level: 'school', expect: 'filtered', variables: () => page, selection: '{ items { id regionId districtId schoolId } }' },
    ],
  },
  auditLog: {
    cases: [
      { level: 'region', variables: (t) => ({ regionId: t.regionId }) },
      { level: 'district', variables: (t) => ({ districtId: t.districtId }) },
      { level: 'school', variables: (t) => ({ schoolId: t.schoolId }) },
      {
        level: 'school',
        expect: 'filtered',
        variables: (t) => ({ ...page, actorUserId: t.curatorId }),
        selection: '{ items { id regionId districtId schoolId targetIds } }',
      },
      { level: 'school', expect: 'filtered', variables: () => page, selection: '{ items { id regionId districtId schoolId targetIds } }' },
    ],
  },
  createRegion: { cases: [{ level: 'region', variables: (_t, _p, u) => ({ input: { code: `X-${u}`, name: 'Чужой регион' } }) }] },
  createDistrict: {
    cases: [{ level: 'region', variables: (t, _p, u) => ({ input: { regionId: t.regionId, code: `X-${u}`, name: 'Чужой район' } }) }],
  },
  createSchool: {
    cases: [{ level: 'district', variables: (t, _p, u) => ({ input: { districtId: t.districtId, code: `X-${u}`, name: 'Чужая школа' } }) }],
  },
  createUser: {
    cases: [
      {
        level: 'school',
        variables: (t, _p, u) => ({
          input: { email: `c-${u}@evil.test`, password: 'Strong-Passw0rd', role: 'SCHOOL_CURATOR', schoolId: t.schoolId },
        }),
      },
      {
        level: 'district',
        variables: (t, _p, u) => ({
          input: { email: `d-${u}@evil.test`, password: 'Strong-Passw0rd', role: 'DISTRICT_COORDINATOR', districtId: t.districtId },
        }),
      },
      {
        level: 'region',
        variables: (t, _p, u) => ({
          input: { email: `a-${u}@evil.test`, password: 'Strong-Passw0rd', role: 'AUTHORITY', regionId: t.regionId },
        }),
      },
    ],
  },
  updateRegion: { cases: [{ level: 'region', variables: (t) => ({ input: { id: t.regionId, name: 'Захвачено', active: false } }) }] },
  updateDistrict: { cases: [{ level: 'district', variables: (t) => ({ input: { id: t.districtId, name: 'Захвачено', active: false } }) }] },
  changeUserRole: {
    cases: [
      { level: 'school', variables: (t) => ({ input: { id: t.curatorId, role: 'SCHOOL_CURATOR', schoolId: t.schoolId } }) },
      { level: 'district', variables: (t) => ({ input: { id: t.coordinatorId, role: 'DISTRICT_COORDINATOR', districtId: t.districtId } }) },
      { level: 'region', variables: (t) => ({ input: { id: t.authorityId, role: 'AUTHORITY', regionId: t.regionId } }) },
    ],
  },
  resetUserPassword: {
    cases: [
      { level: 'school', variables: (t) => ({ id: t.curatorId }) },
      { level: 'district', variables: (t) => ({ id: t.coordinatorId }) },
      { level: 'region', variables: (t) => ({ id: t.authorityId }) },
    ],
  },
  updateSchool: { cases: [{ level: 'school', variables: (t) => ({ input: { id: t.schoolId, name: 'Захвачено', active: false } }) }] },
  deactivateUser: {
    cases: [
      { level: 'school', variables: (t) => ({ id: t.curatorId }) },
      { level: 'district', variables: (t) => ({ id: t.coordinatorId }) },
      { level: 'region', variables: (t) => ({ id: t.authorityId }) },
    ],
  },
  activateUser: {
    cases: [
      { level: 'school', variables: (t) => ({ id: t.curatorId }) },
      { level: 'district', variables: (t) => ({ id: t.coordinatorId }) },
      { level: 'region', variables: (t) => ({ id: t.authorityId }) },
    ],
  },
  importSchools: {
    cases: [
      {
        level: 'district',
        variables: (t, _p, u) => ({ input: { districtId: t.districtId, fileName: 'x.csv', contentBase64: csv(u), dryRun: true } }),
      },
      {
        level: 'district',
        variables: (t, _p, u) => ({ input: { districtId: t.districtId, fileName: 'x.csv', contentBase64: csv(u), dryRun: false } }),
      },
    ],
  },
  importOutcome: { prepare: 'importJob', cases: [{ level: 'district', variables: (_t, job) => ({ jobId: job.id }) }] },
  takeImportCredentials: { prepare: 'importJob', cases: [{ level: 'district', variables: (_t, job) => ({ jobId: job.id }) }] },

  // ---- enrollment and targets (contract)
  setEnrollment: {
    cases: [{ level: 'school', variables: (t) => ({ input: { schoolId: t.schoolId, year: YEAR, students: 500, mentorBase: 100 } }) }],
  },
  setTargetSchedule: {
    cases: [
      {
        level: 'district',
        variables: (t) => ({ input: { districtId: t.districtId, indicator: 'MENTEE_COVERAGE', points: [{ year: YEAR, percent: 99 }] } }),
      },
    ],
  },
  districtTargetPlan: { cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, fromYear: 2020, toYear: YEAR }) }] },

  // ---- quarterly reports (contract)
  saveQuarterlyReport: {
    cases: [
      { level: 'school', variables: (t) => ({ input: { schoolId: t.schoolId, year: YEAR, quarter: 1, figures: COMPLETE_FIGURES } }) },
    ],
  },
  submitQuarterlyReport: {
    prepare: 'draftReport',
    cases: [{ level: 'school', variables: (_t, report) => ({ id: report.id, expectedVersion: report.version, comment: 'чужой' }) }],
  },
  approveQuarterlyReport: {
    prepare: 'submittedReport',
    cases: [{ level: 'school', variables: (_t, report) => ({ id: report.id, expectedVersion: report.version }) }],
  },
  returnQuarterlyReport: {
    prepare: 'submittedReport',
    cases: [{ level: 'school', variables: (_t, report) => ({ id: report.id, expectedVersion: report.version, comment: 'чужой' }) }],
  },
  quarterlyReport: {
    prepare: 'draftReport',
    cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, year: YEAR, quarter: 2 }) }],
  },

  // ---- monitoring (contract)
  runMonitoring: { cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR, quarter: 1 }) }] },
  job: { prepare: 'monitoringJob', cases: [{ level: 'district', variables: (_t, job) => ({ id: job.id }) }] },
  districtMonitoring: { cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR, quarter: 1 }) }] },

  // ---- statistical forms (contract)
  exportStatForm: {
    cases: [
      {
        level: 'district',
        variables: (t) => ({ input: { form: 'MONITORING_SUMMARY', districtId: t.districtId, year: YEAR, quarter: 1, format: 'CSV' } }),
      },
      {
        level: 'region',
        variables: (t) => ({ input: { form: 'FEDERAL_FORM', regionId: t.regionId, year: YEAR, quarter: 1, format: 'XLSX' } }),
      },
    ],
  },
  statFormExport: { prepare: 'statExport', cases: [{ level: 'district', variables: (_t, exported) => ({ id: exported.id }) }] },

  // ---- sign-off, extensions, completeness (workflow contract, issue 19)
  districtQuarter: {
    prepare: 'signedOffQuarter',
    cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR - 1, quarter: 1 }) }],
  },
  signOffDistrictQuarter: { cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR - 1, quarter: 2 }) }] },
  acceptDistrictQuarter: {
    prepare: 'signedOffQuarter',
    cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR - 1, quarter: 1 }) }],
  },
  sendBackDistrictQuarter: {
    prepare: 'signedOffQuarter',
    cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR - 1, quarter: 1, comment: 'чужой' }) }],
  },
  grantReportingExtension: {
    cases: [
      {
        level: 'school',
        variables: (t) => ({ input: { schoolId: t.schoolId, year: YEAR, quarter: 1, until: '2099-12-31', reason: 'чужой' } }),
      },
    ],
  },
  reportingCompleteness: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR, quarter: 1 }) }] },
  revokeReportingExtension: {
    prepare: 'extension',
    cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, year: YEAR - 1, quarter: 3 }) }],
  },
  reportingExtensions: {
    prepare: 'extension',
    cases: [
      { level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR - 1, quarter: 3 }) },
      { level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR - 1, quarter: 3 }) },
    ],
  },
  schoolReportingExtension: {
    prepare: 'extension',
    cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, year: YEAR - 1, quarter: 3 }) }],
  },
  regionReportingSettings: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId }) }] },
  setRegionReportingSettings: {
    cases: [
      {
        level: 'region',
        variables: (t) => ({ input: { regionId: t.regionId, autoCloseDays: 1, reminderDaysBefore: 5, expectedVersion: 0 } }),
      },
    ],
  },
  districtCompletenessTrend: {
    cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR, quarter: 4, quarters: 4 }) }],
  },

  // ---- beyond the contract: written against the schema as it stood when this suite was written
  enrollmentHistory: { cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId }) }] },
  importEnrollment: {
    cases: [
      {
        level: 'district',
        variables: (t) => ({ input: { districtId: t.districtId, fileName: 'e.csv', contentBase64: enrollmentCsv(t), dryRun: true } }),
      },
      {
        level: 'district',
        variables: (t) => ({ input: { districtId: t.districtId, fileName: 'e.csv', contentBase64: enrollmentCsv(t), dryRun: false } }),
      },
    ],
  },
  schoolTargetPlan: { cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, fromYear: 2020, toYear: YEAR }) }] },
  targetSchedules: { cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId }) }] },
  regionTargetSchedules: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId }) }] },
  setRegionTargetSchedule: {
    cases: [
      {
        level: 'region',
        variables: (t) => ({ input: { regionId: t.regionId, indicator: 'STUDENT_MENTORS', points: [{ year: YEAR, percent: 99 }] } }),
      },
    ],
  },
  schoolQuarterlyReports: {
    prepare: 'draftReport',
    cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, year: YEAR }) }],
  },
  districtQuarterlyReports: {
    prepare: 'draftReport',
    cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, year: YEAR, quarter: 2 }) }],
  },
  reopenQuarterlyReport: {
    prepare: 'approvedReport',
    cases: [{ level: 'school', variables: (_t, report) => ({ id: report.id, expectedVersion: report.version, comment: 'чужой' }) }],
  },
  reportingPeriod: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR, quarter: 1 }) }] },
  setReportingDeadline: {
    cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR, quarter: 1, deadline: '2024-04-30' }) }],
  },
  closeReportingPeriod: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR, quarter: 1 }) }] },
  reopenReportingPeriod: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR, quarter: 1 }) }] },
  jobs: {
    prepare: 'monitoringJob',
    cases: [
      { level: 'district', variables: (t) => ({ districtId: t.districtId }) },
      { level: 'region', variables: (t) => ({ regionId: t.regionId }) },
      { level: 'school', expect: 'filtered', variables: () => ({ first: 100 }), selection: '{ id regionId districtId schoolId }' },
    ],
  },
  runRegionMonitoring: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR, quarter: 1 }) }] },
  regionMonitoring: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId, year: YEAR, quarter: 1 }) }] },
  schoolMonitoring: { cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, year: YEAR, quarter: 1 }) }] },
  monitoringSettings: { cases: [{ level: 'region', variables: (t) => ({ regionId: t.regionId }) }] },
  setMonitoringExpectedProgress: {
    cases: [{ level: 'region', variables: (t) => ({ input: { regionId: t.regionId, q1: 10, q2: 20, q3: 30, q4: 100 } }) }],
  },
  statFormExports: {
    prepare: 'statExport',
    cases: [
      { level: 'district', variables: (t) => ({ districtId: t.districtId }) },
      { level: 'region', variables: (t) => ({ regionId: t.regionId }) },
      { level: 'school', expect: 'filtered', variables: () => ({ first: 100 }), selection: '{ id regionId districtId }' },
    ],
  },
  publishRoadmap: { cases: [{ level: 'district', variables: (t) => ({ input: { districtId: t.districtId, schoolYear: YEAR + 1 } }) }] },
  roadmap: { prepare: 'roadmap', cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, schoolYear: YEAR }) }] },
  roadmapMatrix: { prepare: 'roadmap', cases: [{ level: 'district', variables: (t) => ({ districtId: t.districtId, schoolYear: YEAR }) }] },
  schoolRoadmap: { prepare: 'roadmap', cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, schoolYear: YEAR }) }] },
  updateRoadmapStage: {
    prepare: 'roadmap',
    cases: [
      {
        level: 'district',
        variables: (_t, roadmap) => ({
          input: { stageId: roadmap.stages[0].id, expectedVersion: roadmap.stages[0].version, title: 'Захвачено' },
        }),
      },
    ],
  },
  completeRoadmapStage: {
    prepare: 'roadmap',
    cases: [
      { level: 'school', variables: (t, roadmap) => ({ input: { schoolId: t.schoolId, stageId: roadmap.stages[0].id, note: 'чужой' } }) },
    ],
  },
  // ---- the school's registry (contract registry.graphql and beyond): names for the school's curator only
  addParticipant: {
    cases: [
      { level: 'school', variables: (t) => ({ input: { schoolId: t.schoolId, kind: 'STUDENT', fullName: 'Чужой ученик', grade: 5 } }) },
    ],
  },
  recordConsent: {
    prepare: 'registryParticipant',
    cases: [
      { level: 'school', variables: (_t, p) => ({ input: { participantId: p.unconsentedId, signedOn: '2024-02-01', signedBy: 'Чужой' } }) },
    ],
  },
  withdrawConsent: {
    prepare: 'registryParticipant',
    cases: [{ level: 'school', variables: (_t, p) => ({ participantId: p.id, withdrawnOn: '2024-03-01' }) }],
  },
  startMentoring: {
    prepare: 'registryParticipant',
    cases: [
      {
        level: 'school',
        variables: (t, p) => ({
          input: { schoolId: t.schoolId, form: 'TEACHER_STUDENT', mentorIds: [p.teacherId], menteeIds: [p.id], startedOn: '2024-03-01' },
        }),
      },
    ],
  },
  endMentoring: {
    prepare: 'registryParticipant',
    cases: [{ level: 'school', variables: (_t, p) => ({ id: p.mentoringId, endedOn: '2024-06-01' }) }],
  },
  participants: {
    prepare: 'registryParticipant',
    cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, first: 50, offset: 0 }) }],
  },
  mentorings: {
    prepare: 'registryParticipant',
    cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, first: 50, offset: 0 }) }],
  },
  importRegistry: {
    cases: [
      {
        level: 'school',
        variables: (t) => ({ input: { schoolId: t.schoolId, fileName: 'r.csv', contentBase64: registryCsv(), dryRun: true } }),
      },
      {
        level: 'school',
        variables: (t) => ({ input: { schoolId: t.schoolId, fileName: 'r.csv', contentBase64: registryCsv(), dryRun: false } }),
      },
    ],
  },
  registryExport: { prepare: 'registryParticipant', cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId }) }] },
  registryFigures: {
    prepare: 'registryParticipant',
    cases: [{ level: 'school', variables: (t) => ({ schoolId: t.schoolId, year: YEAR, quarter: 1 }) }],
  },
  rejectRoadmapStage: {
    prepare: 'completedStage',
    cases: [{ level: 'school', variables: (t, stage) => ({ input: { schoolId: t.schoolId, stageId: stage.stageId, comment: 'чужой' } }) }],
  },
};

/** Registry operations that read or change names: for the school's curator (and ADMIN) only. */
const REGISTRY_NAME_OPERATIONS = [
  'addParticipant',
  'recordConsent',
  'withdrawConsent',
  'startMentoring',
  'endMentoring',
  'participants',
  'mentorings',
  'importRegistry',
  'registryExport',
];

/** A valid registry spreadsheet: one person with a consent. */
function registryCsv(): string {
  return Buffer.from(`фио;вид;класс;согласие_дата;согласие_подписал\nЧужой Ученик;ученик;5;2024-01-10;Чужой Родитель\n`).toString('base64');
}

/** An enrollment table naming the target's own school. */
function enrollmentCsv(t: Target): string {
  return Buffer.from(`school_code;year;students;mentor_base\n${t.schoolCode};${YEAR};900;100\n`).toString('base64');
}

/** Data made in a target by its own users, through the contract operations, before the calls aimed at it. */
const PREPARATIONS = {
  async draftReport(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const saved = await call(
      platform,
      `mutation($input: SaveQuarterlyReportInput!) { saveQuarterlyReport(input: $input) { id status version } }`,
      { input: { schoolId: t.schoolId, year: YEAR, quarter: 2, figures: COMPLETE_FIGURES } },
      t.tokens.curator,
    );
    return saved.saveQuarterlyReport;
  },
  async submittedReport(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const saved = await call(
      platform,
      `mutation($input: SaveQuarterlyReportInput!) { saveQuarterlyReport(input: $input) { id status version } }`,
      { input: { schoolId: t.schoolId, year: YEAR, quarter: 3, figures: COMPLETE_FIGURES } },
      t.tokens.curator,
    );
    const submitted = await call(
      platform,
      `mutation($id: ID!, $v: Int!) { submitQuarterlyReport(id: $id, expectedVersion: $v) { id status version } }`,
      { id: saved.saveQuarterlyReport.id, v: saved.saveQuarterlyReport.version },
      t.tokens.curator,
    );
    return submitted.submitQuarterlyReport;
  },
  async monitoringJob(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const run = await call(
      platform,
      `mutation($d: ID!, $y: Int!, $q: Int!) { runMonitoring(districtId: $d, year: $y, quarter: $q) { id state } }`,
      { d: t.districtId, y: YEAR, q: 1 },
      t.tokens.coordinator,
    );
    return run.runMonitoring;
  },
  async approvedReport(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const saved = await call(
      platform,
      `mutation($input: SaveQuarterlyReportInput!) { saveQuarterlyReport(input: $input) { id status version } }`,
      { input: { schoolId: t.schoolId, year: YEAR, quarter: 4, figures: COMPLETE_FIGURES } },
      t.tokens.curator,
    );
    const submitted = await call(
      platform,
      `mutation($id: ID!, $v: Int!) { submitQuarterlyReport(id: $id, expectedVersion: $v) { id status version } }`,
      { id: saved.saveQuarterlyReport.id, v: saved.saveQuarterlyReport.version },
      t.tokens.curator,
    );
    const approved = await call(
      platform,
      `mutation($id: ID!, $v: Int!) { approveQuarterlyReport(id: $id, expectedVersion: $v) { id status version } }`,
      { id: submitted.submitQuarterlyReport.id, v: submitted.submitQuarterlyReport.version },
      t.tokens.coordinator,
    );
    return approved.approveQuarterlyReport;
  },
  /** A real school import by the target's coordinator, with the sealed passwords its job leaves for that coordinator only. */
  async importJob(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const tag = t.districtId.slice(0, 8);
    const file = Buffer.from(`code;name;curator_email\nOWN-${tag};Своя школа;own-${tag}@own.test\n`).toString('base64');
    const started = await call(
      platform,
      `mutation($input: ImportSchoolsInput!) { importSchools(input: $input) { job { id state } } }`,
      { input: { districtId: t.districtId, fileName: 'own.csv', contentBase64: file, dryRun: false } },
      t.tokens.coordinator,
    );
    // No worker runs in this suite: the entry the job would leave is written as it would be.
    await platform.sql(
      `INSERT INTO import_credentials (batch_id, job_run_id, region_id, district_id, requested_by, sealed, expires_at)
       SELECT id, job_run_id, region_id, district_id, requested_by, 'v1.sealed', now() + interval '1 day' FROM import_batches WHERE job_run_id = $1`,
      [started.importSchools.job.id],
    );
    return started.importSchools.job;
  },
  async statExport(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const exported = await call(
      platform,
      `mutation($input: ExportStatFormInput!) { exportStatForm(input: $input) { id state } }`,
      { input: { form: 'MONITORING_SUMMARY', districtId: t.districtId, year: YEAR, quarter: 1, format: 'CSV' } },
      t.tokens.coordinator,
    );
    return exported.exportStatForm;
  },
  async roadmap(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const published = await call(
      platform,
      `mutation($input: PublishRoadmapInput!) { publishRoadmap(input: $input) { id stages { id version } } }`,
      { input: { districtId: t.districtId, schoolYear: YEAR } },
      t.tokens.coordinator,
    );
    return published.publishRoadmap;
  },
  async completedStage(platform: Platform, t: Target, need: (name: string) => Promise<any>) {
    const roadmap = await need('roadmap');
    const completed = await call(
      platform,
      `mutation($input: CompleteRoadmapStageInput!) { completeRoadmapStage(input: $input) { stageId } }`,
      { input: { schoolId: t.schoolId, stageId: roadmap.stages[0].id, documentNumber: '1', documentDate: '2024-09-01' } },
      t.tokens.curator,
    );
    return completed.completeRoadmapStage;
  },
  /** A student and a teacher with consents in a pair, and a student without one, in the target's registry. */
  async registryParticipant(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const add = `mutation($input: AddParticipantInput!) { addParticipant(input: $input) { id } }`;
    const consent = `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;
    const student = (
      await call(
        platform,
        add,
        { input: { schoolId: t.schoolId, kind: 'STUDENT', fullName: 'Ученик Тестовый', grade: 7 } },
        t.tokens.curator,
      )
    ).addParticipant;
    const teacher = (
      await call(platform, add, { input: { schoolId: t.schoolId, kind: 'TEACHER', fullName: 'Учитель Тестовый' } }, t.tokens.curator)
    ).addParticipant;
    const unconsented = (
      await call(platform, add, { input: { schoolId: t.schoolId, kind: 'STUDENT', fullName: 'Без Согласия' } }, t.tokens.curator)
    ).addParticipant;
    for (const id of [student.id, teacher.id]) {
      await call(platform, consent, { input: { participantId: id, signedOn: '2024-01-10', signedBy: 'Подписант' } }, t.tokens.curator);
    }
    const started = await call(
      platform,
      `mutation($input: StartMentoringInput!) { startMentoring(input: $input) { id } }`,
      {
        input: { schoolId: t.schoolId, form: 'TEACHER_STUDENT', mentorIds: [teacher.id], menteeIds: [student.id], startedOn: '2024-01-15' },
      },
      t.tokens.curator,
    );
    return { id: student.id, teacherId: teacher.id, unconsentedId: unconsented.id, mentoringId: started.startMentoring.id };
  },
  async signedOffQuarter(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const signed = await call(
      platform,
      `mutation($d: ID!, $y: Int!, $q: Int!) { signOffDistrictQuarter(districtId: $d, year: $y, quarter: $q) { state } }`,
      { d: t.districtId, y: YEAR - 1, q: 1 },
      t.tokens.coordinator,
    );
    return signed.signOffDistrictQuarter;
  },
  async extension(platform: Platform, t: Target, _need: (name: string) => Promise<any>) {
    const granted = await call(
      platform,
      `mutation($input: GrantReportingExtensionInput!) { grantReportingExtension(input: $input) { id until } }`,
      { input: { schoolId: t.schoolId, year: YEAR - 1, quarter: 3, until: '2099-12-31', reason: 'болезнь' } },
      t.tokens.coordinator,
    );
    return granted.grantReportingExtension;
  },
} satisfies Record<string, (platform: Platform, target: Target, need: (name: string) => Promise<any>) => Promise<unknown>>;

async function call(platform: Platform, query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const result = await platform.gql(query, variables, token);
  if (result.errors?.length || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** A document calling one root field with exactly the given arguments, typed from the schema. */
function operationDocument(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  variables: Record<string, unknown>,
  selection?: string,
): string {
  const given = field.args.filter((a) => a.name in variables);
  const definitions = given.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = given.map((a) => `${a.name}: $${a.name}`).join(', ');
  const select = selection ?? (isCompositeType(getNamedType(field.type)) ? '{ __typename }' : '');
  return `${kind} Isolation${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''} ${select} }`;
}

/** Row count and a checksum of every table of the public schema, read as the owner (no RLS). */
async function fingerprint(platform: Platform): Promise<Record<string, string>> {
  const tables = await platform.sql<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const union = tables
    .map(
      ({ name }) =>
        `SELECT '${name}' AS t, count(*) || ':' || md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS f FROM "${name}" x`,
    )
    .join(' UNION ALL ');
  const rows = await platform.sql<{ t: string; f: string }>(union);
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

function describeResult(result: GraphqlResult): string {
  return JSON.stringify(
    result.errors?.length ? result.errors.map((e) => ({ code: e.extensions?.code, message: e.message })) : result.data,
  ).slice(0, 400);
}

describe('tenant isolation: every operation, every role (e2e)', () => {
  let platform: Platform;
  let schema: GraphQLSchema;
  let callers: { role: string; token: string; targets: Target[] }[];
  /** The callers' own school (A1) and the district and authority tokens whose scope reaches it. */
  let ownSchool: Target;
  let aboveSchool: { role: string; token: string }[];
  const prepared = new Map<string, Promise<any>>();
  let counter = 0;

  /** Runs a preparation once per target (failures included), whichever entry or preparation needs it first. */
  const prepare = (name: keyof typeof PREPARATIONS, target: Target): Promise<any> => {
    const key = `${name}:${target.label}`;
    if (!prepared.has(key)) {
      const need = (other: string) => prepare(other as keyof typeof PREPARATIONS, target);
      prepared.set(key, PREPARATIONS[name](platform, target, need));
    }
    return prepared.get(key)!;
  };

  const rootField = (name: string): { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> } | undefined => {
    const query = schema.getQueryType()?.getFields()[name];
    if (query) return { kind: 'query', field: query };
    const mutation = schema.getMutationType()?.getFields()[name];
    return mutation ? { kind: 'mutation', field: mutation } : undefined;
  };

  beforeAll(async () => {
    platform = await startPlatform();
    schema = platform.app.get(GraphQLSchemaHost).schema;
    const a = await createOrg(platform, 'ISO-A', 2);
    const b = await createOrg(platform, 'ISO-B', 2);
    const neighbour = await addDistrict(platform, a.regionId, 'ISO-A2');
    const login = (email: string) => platform.login(email, FIXTURE_PASSWORD);
    const [curatorA1, curatorA2, coordinatorA, authorityA, curatorB1, coordinatorB, authorityB, curatorN, coordinatorN] = await Promise.all(
      [
        a.curators[0]!.email,
        a.curators[1]!.email,
        a.coordinator.email,
        a.authority.email,
        b.curators[0]!.email,
        b.coordinator.email,
        b.authority.email,
        neighbour.curator.email,
        neighbour.coordinator.email,
      ].map(login),
    );
    const usersOf = (org: OrgFixture) => [org.coordinator.id, org.authority.id, ...org.curators.map((c) => c.id)];
    const tenantB: Target = {
      label: 'region B',
      levels: new Set<Level>(['region', 'district', 'school']),
      regionId: b.regionId,
      districtId: b.districtId,
      schoolId: b.schoolIds[0]!,
      schoolCode: 'S-ISO-B-1',
      curatorId: b.curators[0]!.id,
      coordinatorId: b.coordinator.id,
      authorityId: b.authority.id,
      tokens: { curator: curatorB1!, coordinator: coordinatorB!, authority: authorityB! },
      foreignIds: [b.regionId, b.districtId, ...b.schoolIds, ...usersOf(b)],
    };
    const neighbourDistrict: Target = {
      label: 'another district of region A',
      levels: new Set<Level>(['district', 'school']),
      regionId: a.regionId,
      districtId: neighbour.districtId,
      schoolId: neighbour.schoolId,
      schoolCode: 'S-ISO-A2-1',
      curatorId: neighbour.curator.id,
      coordinatorId: neighbour.coordinator.id,
      authorityId: a.authority.id,
      tokens: { curator: curatorN!, coordinator: coordinatorN!, authority: authorityA! },
      foreignIds: [neighbour.districtId, neighbour.schoolId, neighbour.curator.id, neighbour.coordinator.id],
    };
    const siblingSchool: Target = {
      label: 'another school of district A',
      levels: new Set<Level>(['school']),
      regionId: a.regionId,
      districtId: a.districtId,
      schoolId: a.schoolIds[1]!,
      schoolCode: 'S-ISO-A-2',
      curatorId: a.curators[1]!.id,
      coordinatorId: a.coordinator.id,
      authorityId: a.authority.id,
      tokens: { curator: curatorA2!, coordinator: coordinatorA!, authority: authorityA! },
      foreignIds: [a.schoolIds[1]!, a.curators[1]!.id],
    };
    ownSchool = {
      label: "the callers' own school A1",
      levels: new Set<Level>(['school']),
      regionId: a.regionId,
      districtId: a.districtId,
      schoolId: a.schoolIds[0]!,
      schoolCode: 'S-ISO-A-1',
      curatorId: a.curators[0]!.id,
      coordinatorId: a.coordinator.id,
      authorityId: a.authority.id,
      tokens: { curator: curatorA1!, coordinator: coordinatorA!, authority: authorityA! },
      foreignIds: [],
    };
    aboveSchool = [
      { role: 'DISTRICT_COORDINATOR', token: coordinatorA! },
      { role: 'AUTHORITY', token: authorityA! },
    ];
    // ADMIN is not a caller: it is global by definition, so there is no tenant it must not reach.
    callers = [
      { role: 'SCHOOL_CURATOR', token: curatorA1!, targets: [tenantB, neighbourDistrict, siblingSchool] },
      { role: 'DISTRICT_COORDINATOR', token: coordinatorA!, targets: [tenantB, neighbourDistrict] },
      { role: 'AUTHORITY', token: authorityA!, targets: [tenantB] },
    ];
  });
  afterAll(() => platform?.close());

  it('has an isolation entry for every query and mutation of the schema', () => {
    const operations = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
    ];
    const missing = operations.filter((name) => !OPERATIONS[name] && !NO_TENANT_TARGET[name]);
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(OPERATIONS))('%s: calls aimed at another tenant are refused and change nothing', async (name) => {
    const root = rootField(name);
    if (!root) return; // an entry written ahead of its operation; the coverage test above checks the other direction
    const entry = OPERATIONS[name]!;
    const problems: string[] = [];
    let calls = 0;
    for (const caller of callers) {
      for (const target of caller.targets) {
        const cases = entry.cases.filter((c) => target.levels.has(c.level));
        if (cases.length === 0) continue;
        let data: any;
        if (entry.prepare) {
          try {
            data = await prepare(entry.prepare, target);
          } catch (error) {
            problems.push(`preparing ${entry.prepare} in ${target.label} failed: ${(error as Error).message}`);
            continue;
          }
        }
        const before = await fingerprint(platform);
        for (const testCase of cases) {
          const variables = testCase.variables(target, data, `${++counter}`);
          const unknownArgs = Object.keys(variables).filter((v) => !root.field.args.some((a) => a.name === v));
          if (unknownArgs.length) {
            problems.push(`the entry passes arguments the schema does not have: ${unknownArgs.join(', ')}`);
            continue;
          }
          const filtered = testCase.expect === 'filtered';
          const result = await platform.gql(
            operationDocument(root.kind, root.field, variables, filtered ? testCase.selection : undefined),
            variables,
            caller.token,
          );
          calls++;
          const code = result.errors?.[0]?.extensions?.code;
          const refused = (code === 'FORBIDDEN' || code === 'NOT_FOUND') && (result.data?.[name] ?? null) === null;
          const where = `${caller.role} → ${target.label} (${testCase.level}${filtered ? ', list' : ''}) ${JSON.stringify(variables).slice(0, 200)}`;
          if (filtered) {
            if (refused) continue;
            if (result.errors?.length)
              problems.push(`${where}: expected an answer without the target's rows or a refusal, got ${describeResult(result)}`);
            const foreign = [...target.foreignIds, ...(typeof data?.id === 'string' ? [data.id] : [])];
            const leaked = foreign.filter((id) => JSON.stringify(result.data).includes(id));
            if (leaked.length) problems.push(`${where}: the answer shows the target's ${leaked.join(', ')}`);
          } else if (!refused) {
            problems.push(`${where}: expected FORBIDDEN or NOT_FOUND, got ${describeResult(result)}`);
          }
        }
        const after = await fingerprint(platform);
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length) problems.push(`${caller.role} → ${target.label}: the calls changed ${changed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(0);
  });

  // Names in a school's registry are the school's own, even inside a district's or region's scope.
  it.each(REGISTRY_NAME_OPERATIONS)(
    '%s: the district and the authority above the school are refused its names and change nothing',
    async (name) => {
      const root = rootField(name)!;
      const entry = OPERATIONS[name]!;
      const data = entry.prepare ? await prepare(entry.prepare, ownSchool) : undefined;
      const problems: string[] = [];
      const before = await fingerprint(platform);
      for (const caller of aboveSchool) {
        for (const testCase of entry.cases) {
          const variables = testCase.variables(ownSchool, data, `${++counter}`);
          const result = await platform.gql(operationDocument(root.kind, root.field, variables), variables, caller.token);
          const code = result.errors?.[0]?.extensions?.code;
          if (!((code === 'FORBIDDEN' || code === 'NOT_FOUND') && (result.data?.[name] ?? null) === null)) {
            problems.push(`${caller.role} → ${ownSchool.label}: expected FORBIDDEN or NOT_FOUND, got ${describeResult(result)}`);
          }
        }
      }
      const after = await fingerprint(platform);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length) problems.push(`the calls changed ${changed.join(', ')}`);
      expect(problems).toEqual([]);
    },
  );

  it('registryFigures: the district and the authority above the school read its counts', async () => {
    await prepare('registryParticipant', ownSchool);
    const root = rootField('registryFigures')!;
    const variables = { schoolId: ownSchool.schoolId, year: YEAR, quarter: 1 };
    for (const caller of aboveSchool) {
      const result = await platform.gql(operationDocument(root.kind, root.field, variables, '{ code value }'), variables, caller.token);
      const figures = Object.fromEntries(
        (result.data?.registryFigures ?? []).map((f: { code: string; value: number }) => [f.code, f.value]),
      );
      expect([caller.role, figures.MENTEES_STUDENTS, figures.MENTORS_TEACHERS, figures.PAIRS, figures.CONSENTS]).toEqual([
        caller.role,
        1,
        1,
        1,
        2,
      ]);
    }
  });
});

/** A second district in a region, with one school, its curator and the district's coordinator. */
async function addDistrict(platform: Platform, regionId: string, tag: string) {
  const hash = await hashPassword(FIXTURE_PASSWORD);
  const [district] = await platform.sql(`INSERT INTO districts (region_id, code, name) VALUES ($1, $2, $3) RETURNING id`, [
    regionId,
    `D-${tag}`,
    `Район ${tag}`,
  ]);
  const [school] = await platform.sql(`INSERT INTO schools (region_id, district_id, code, name) VALUES ($1, $2, $3, $4) RETURNING id`, [
    regionId,
    district.id,
    `S-${tag}-1`,
    `Школа (${tag})`,
  ]);
  const curatorEmail = `curator.${tag.toLowerCase()}@test.local`;
  const [curator] = await platform.sql(
    `INSERT INTO users (email, password_hash, role, region_id, district_id, school_id) VALUES ($1, $2, 'SCHOOL_CURATOR', $3, $4, $5) RETURNING id`,
    [curatorEmail, hash, regionId, district.id, school.id],
  );
  const coordinatorEmail = `coordinator.${tag.toLowerCase()}@test.local`;
  const [coordinator] = await platform.sql(
    `INSERT INTO users (email, password_hash, role, region_id, district_id) VALUES ($1, $2, 'DISTRICT_COORDINATOR', $3, $4) RETURNING id`,
    [coordinatorEmail, hash, regionId, district.id],
  );
  return {
    districtId: district.id as string,
    schoolId: school.id as string,
    curator: { id: curator.id as string, email: curatorEmail },
    coordinator: { id: coordinator.id as string, email: coordinatorEmail },
  };
}
