// Every operation the web app sends, with the types of what it asks for. The contract operations
// (../shared/contract/operations.graphql) are used as written there, extended only with fields the
// schema offers beside them.
import { operation } from './operation';

export type Role = 'ADMIN' | 'AUTHORITY' | 'DISTRICT_COORDINATOR' | 'SCHOOL_CURATOR';
export type MonitoringStatus = 'ACHIEVED' | 'ON_TRACK' | 'AT_RISK' | 'BEHIND' | 'NO_DATA';
export type SchoolReportStatus = 'MISSING' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';
export type QuarterlyReportStatus = Exclude<SchoolReportStatus, 'MISSING'>;
export type QuarterlyReportAction = 'SAVE' | 'SUBMIT' | 'APPROVE' | 'RETURN' | 'REOPEN';
export type JobState = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
export type ExportState = JobState | 'EXPIRED';
export type StatFormCode = 'TARGET_PLAN' | 'MONITORING_SUMMARY' | 'FEDERAL_FORM' | 'ROADMAP_MATRIX';
export type ExportFormat = 'XLSX' | 'CSV';
export type TargetIndicator = 'MENTEE_COVERAGE' | 'STUDENT_MENTORS';

// ---- session

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  displayName: string | null;
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
}

export const LOGIN = operation<
  { login: { accessToken: string; mustChangePassword: boolean; user: { id: string; email: string; role: Role } } },
  { email: string; password: string }
>(`
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken
    mustChangePassword
    user { id email role }
  }
}`);

export const CHANGE_PASSWORD = operation<
  { changePassword: { accessToken: string; mustChangePassword: boolean } },
  { currentPassword: string; newPassword: string }
>(`
mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { accessToken mustChangePassword }
}`);

export const LOGOUT = operation<{ logout: boolean }>(`
mutation Logout { logout }`);

export const ME = operation<{ me: SessionUser }>(`
query Me { me { id email role displayName regionId districtId schoolId } }`);

// ---- organisation

export interface NamedRef {
  id: string;
  code: string;
  name: string;
}

export const REGIONS = operation<{ regions: { items: NamedRef[] } }>(`
query Regions { regions(first: 100) { items { id code name } } }`);

export const REGION = operation<{ region: NamedRef }, { id: string }>(`
query Region($id: ID!) { region(id: $id) { id code name } }`);

export const DISTRICT = operation<{ district: NamedRef & { regionId: string } }, { id: string }>(`
query District($id: ID!) { district(id: $id) { id code name regionId } }`);

export const SCHOOL = operation<{ school: NamedRef & { districtId: string; regionId: string } }, { id: string }>(`
query School($id: ID!) { school(id: $id) { id code name districtId regionId } }`);

export const DISTRICTS = operation<{ districts: { items: NamedRef[] } }, { regionId: string }>(`
query Districts($regionId: ID!) { districts(regionId: $regionId, first: 100) { items { id code name } } }`);

// ---- targets

export interface PlanCell {
  year: number;
  students: number | null;
  mentorBase: number | null;
  menteeTarget: number | null;
  mentorTarget: number | null;
}

export interface PlanTotal extends PlanCell {
  sumOfSchoolMenteeTargets: number | null;
  sumOfSchoolMentorTargets: number | null;
}

export interface TargetSchedule {
  indicator: TargetIndicator;
  source: 'DISTRICT_OVERRIDE' | 'REGION_DEFAULT';
  points: { year: number; percent: number }[];
}

export const DISTRICT_TARGET_PLAN = operation<
  { districtTargetPlan: { rows: { school: NamedRef; cells: PlanCell[] }[]; totals: PlanTotal[]; schedules: TargetSchedule[] } },
  { districtId: string; fromYear: number; toYear: number }
>(`
query DistrictTargetPlan($districtId: ID!, $fromYear: Int!, $toYear: Int!) {
  districtTargetPlan(districtId: $districtId, fromYear: $fromYear, toYear: $toYear) {
    rows {
      school { id code name }
      cells { year students mentorBase menteeTarget mentorTarget }
    }
    totals { year students mentorBase menteeTarget mentorTarget sumOfSchoolMenteeTargets sumOfSchoolMentorTargets }
    schedules { indicator source points { year percent } }
  }
}`);

export const SCHOOL_TARGET_PLAN = operation<
  { schoolTargetPlan: { school: NamedRef; cells: PlanCell[] } },
  { schoolId: string; fromYear: number; toYear: number }
>(`
query SchoolTargetPlan($schoolId: ID!, $fromYear: Int!, $toYear: Int!) {
  schoolTargetPlan(schoolId: $schoolId, fromYear: $fromYear, toYear: $toYear) {
    school { id code name }
    cells { year students mentorBase menteeTarget mentorTarget }
  }
}`);

export const TARGET_SCHEDULES = operation<{ targetSchedules: TargetSchedule[] }, { districtId: string }>(`
query TargetSchedules($districtId: ID!) {
  targetSchedules(districtId: $districtId) { indicator source points { year percent } }
}`);

export const SET_TARGET_SCHEDULE = operation<
  { setTargetSchedule: TargetSchedule },
  { input: { districtId: string; indicator: TargetIndicator; points: { year: number; percent: number }[] } }
>(`
mutation SetTargetSchedule($input: SetTargetScheduleInput!) {
  setTargetSchedule(input: $input) { indicator source points { year percent } }
}`);

// ---- quarterly reports

export interface Figure {
  code: string;
  value: number;
}

export interface FigureWarning {
  code: string;
  rule: string;
  message: string;
  /** REGISTRY_DIFFERS: the value the school's registry gives. */
  registryValue?: number | null;
}

export interface CatalogueElement {
  code: string;
  labelRu: string;
  section: string;
  required: boolean;
  measure: 'YEAR_TO_DATE' | 'ON_DATE';
}

export interface Catalogue {
  version: number;
  sections: { code: string; labelRu: string }[];
  elements: CatalogueElement[];
}

export const QUARTERLY_REPORT_CATALOGUE = operation<{ quarterlyReportCatalogue: Catalogue }, { version?: number | null }>(`
query QuarterlyReportCatalogue($version: Int) {
  quarterlyReportCatalogue(version: $version) {
    version
    sections { code labelRu }
    elements { code labelRu section required measure }
  }
}`);

export interface Revision {
  version: number;
  action: QuarterlyReportAction;
  status: QuarterlyReportStatus;
  comment: string | null;
  createdAt: string;
  author: { email: string; displayName: string | null } | null;
  changes: { code: string; from: number | null; to: number | null }[];
}

export interface QuarterlyReport {
  id: string;
  status: QuarterlyReportStatus;
  version: number;
  catalogueVersion: number;
  comment: string | null;
  submittedAt: string | null;
  submittedLate: boolean;
  figures: Figure[];
  warnings: FigureWarning[];
  allowedActions: QuarterlyReportAction[];
  revisions: Revision[];
}

const REPORT_FIELDS = `
    id status version catalogueVersion comment submittedAt submittedLate
    figures { code value }
    warnings { code rule message registryValue }
    allowedActions
    revisions { version action status comment createdAt author { email displayName } changes { code from to } }`;

export const QUARTERLY_REPORT = operation<{ quarterlyReport: QuarterlyReport | null }, { schoolId: string; year: number; quarter: number }>(`
query QuarterlyReport($schoolId: ID!, $year: Int!, $quarter: Int!) {
  quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {${REPORT_FIELDS}
  }
}`);

export interface SaveReportInput {
  schoolId: string;
  year: number;
  quarter: number;
  figures: Figure[];
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
  comment?: string | null;
}

export const SAVE_QUARTERLY_REPORT = operation<{ saveQuarterlyReport: QuarterlyReport }, { input: SaveReportInput }>(`
mutation SaveQuarterlyReport($input: SaveQuarterlyReportInput!) {
  saveQuarterlyReport(input: $input) {${REPORT_FIELDS}
  }
}`);

export const SUBMIT_QUARTERLY_REPORT = operation<
  { submitQuarterlyReport: QuarterlyReport },
  { id: string; expectedVersion: number; comment?: string | null }
>(`
mutation SubmitQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String) {
  submitQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) {${REPORT_FIELDS}
  }
}`);

interface Decided {
  id: string;
  status: QuarterlyReportStatus;
  version: number;
}

export const APPROVE_QUARTERLY_REPORT = operation<{ approveQuarterlyReport: Decided }, { id: string; expectedVersion: number }>(`
mutation ApproveQuarterlyReport($id: ID!, $expectedVersion: Int!) {
  approveQuarterlyReport(id: $id, expectedVersion: $expectedVersion) { id status version }
}`);

export const RETURN_QUARTERLY_REPORT = operation<{ returnQuarterlyReport: Decided }, { id: string; expectedVersion: number; comment: string }>(`
mutation ReturnQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
  returnQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`);

export const REOPEN_QUARTERLY_REPORT = operation<{ reopenQuarterlyReport: Decided }, { id: string; expectedVersion: number; comment: string }>(`
mutation ReopenQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
  reopenQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`);

export interface DistrictReport {
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  status: SchoolReportStatus;
  report: {
    id: string;
    status: QuarterlyReportStatus;
    version: number;
    comment: string | null;
    submittedAt: string | null;
    submittedLate: boolean;
    figures: Figure[];
    warnings: FigureWarning[];
    allowedActions: QuarterlyReportAction[];
  } | null;
}

export const DISTRICT_QUARTERLY_REPORTS = operation<
  { districtQuarterlyReports: DistrictReport[] },
  { districtId: string; year: number; quarter: number }
>(`
query DistrictQuarterlyReports($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtQuarterlyReports(districtId: $districtId, year: $year, quarter: $quarter) {
    schoolId schoolCode schoolName status
    report {
      id status version comment submittedAt submittedLate
      figures { code value }
      warnings { code rule message }
      allowedActions
    }
  }
}`);

export interface ReportingPeriod {
  regionId: string;
  year: number;
  quarter: number;
  deadline: string;
  defaultDeadline: boolean;
  deadlinePassed: boolean;
  closed: boolean;
  closedAt: string | null;
}

const PERIOD_FIELDS = 'regionId year quarter deadline defaultDeadline deadlinePassed closed closedAt';

export const REPORTING_PERIOD = operation<{ reportingPeriod: ReportingPeriod }, { regionId: string; year: number; quarter: number }>(`
query ReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
  reportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { ${PERIOD_FIELDS} }
}`);

export const CLOSE_REPORTING_PERIOD = operation<{ closeReportingPeriod: ReportingPeriod }, { regionId: string; year: number; quarter: number }>(`
mutation CloseReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
  closeReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { ${PERIOD_FIELDS} }
}`);

export const REOPEN_REPORTING_PERIOD = operation<{ reopenReportingPeriod: ReportingPeriod }, { regionId: string; year: number; quarter: number }>(`
mutation ReopenReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
  reopenReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { ${PERIOD_FIELDS} }
}`);

// ---- jobs and monitoring

export interface Job {
  id: string;
  state: JobState;
  progress: number;
  error: string | null;
}

export const JOB = operation<{ job: Job }, { id: string }>(`
query Job($id: ID!) {
  job(id: $id) { id state progress error }
}`);

export const RUN_MONITORING = operation<{ runMonitoring: { id: string; state: JobState } }, { districtId: string; year: number; quarter: number }>(`
mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`);

export interface MonitoringFigures {
  students: number | null;
  mentees: number | null;
  mentors: number | null;
  menteeTarget: number | null;
  mentorTarget: number | null;
  coveragePercent: number | null;
  progressPercent: number | null;
}

export interface MonitoringTotals extends MonitoringFigures {
  expectedProgressPercent: number;
  schoolCount: number;
  reportedSchoolCount: number;
  notReportedSchoolCount: number;
}

export interface SchoolMonitoringRow extends MonitoringFigures {
  school: NamedRef;
  reportStatus: SchoolReportStatus;
  status: MonitoringStatus;
  expectedProgressPercent: number;
  menteesDelta: number | null;
}

export interface DistrictMonitoring {
  computedAt: string;
  expectedProgressPercent: number;
  totals: MonitoringTotals;
  schools: SchoolMonitoringRow[];
  notReported: NamedRef[];
}

const FIGURES = 'students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent expectedProgressPercent';

export const DISTRICT_MONITORING = operation<
  { districtMonitoring: DistrictMonitoring | null },
  { districtId: string; year: number; quarter: number }
>(`
query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
    computedAt
    expectedProgressPercent
    totals { ${FIGURES} schoolCount reportedSchoolCount notReportedSchoolCount }
    schools {
      school { id code name }
      reportStatus status
      ${FIGURES} menteesDelta
    }
    notReported { id code name }
  }
}`);

export const SCHOOL_MONITORING = operation<
  { schoolMonitoring: (SchoolMonitoringRow & { year: number; quarter: number; computedAt: string }) | null },
  { schoolId: string; year: number; quarter: number }
>(`
query SchoolMonitoring($schoolId: ID!, $year: Int!, $quarter: Int!) {
  schoolMonitoring(schoolId: $schoolId, year: $year, quarter: $quarter) {
    school { id code name }
    year quarter computedAt reportStatus status
    ${FIGURES} menteesDelta
  }
}`);

export interface DistrictMonitoringRow extends MonitoringTotals {
  district: NamedRef;
  status: MonitoringStatus;
}

export interface RegionMonitoring {
  computedAt: string;
  expectedProgressPercent: number;
  totals: MonitoringTotals & { districtCount: number };
  districts: DistrictMonitoringRow[];
}

export const REGION_MONITORING = operation<{ regionMonitoring: RegionMonitoring | null }, { regionId: string; year: number; quarter: number }>(`
query RegionMonitoring($regionId: ID!, $year: Int!, $quarter: Int!) {
  regionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) {
    computedAt expectedProgressPercent
    totals { ${FIGURES} schoolCount reportedSchoolCount notReportedSchoolCount districtCount }
    districts {
      district { id code name }
      status ${FIGURES} schoolCount reportedSchoolCount notReportedSchoolCount
    }
  }
}`);

export const RUN_REGION_MONITORING = operation<{ runRegionMonitoring: { id: string; state: JobState } }, { regionId: string; year: number; quarter: number }>(`
mutation RunRegionMonitoring($regionId: ID!, $year: Int!, $quarter: Int!) {
  runRegionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) { id state }
}`);

// ---- roadmap

export type StageState = 'DONE' | 'DUE' | 'OVERDUE' | 'REJECTED';

export interface StageCompletion {
  id: string;
  state: 'DONE' | 'REJECTED';
  documentNumber: string | null;
  documentDate: string | null;
  note: string | null;
  link: string | null;
  completedAt: string;
  reviewComment: string | null;
  version: number;
}

export interface StageCounts {
  done: number;
  due: number;
  overdue: number;
  rejected: number;
  total: number;
}

const COMPLETION_FIELDS = 'id state documentNumber documentDate note link completedAt reviewComment version';
const COUNTS = 'done due overdue rejected total';

export interface RoadmapMatrix {
  roadmap: {
    id: string;
    title: string;
    schoolYear: number;
    asOf: string;
    stages: { id: string; position: number; code: string; title: string; deadline: string; evidenceRequired: boolean; version: number; counts: StageCounts }[];
  };
  rows: {
    school: NamedRef;
    cells: { stageId: string; code: string; deadline: string; state: StageState; completion: StageCompletion | null }[];
    summary: StageCounts;
  }[];
}

export const UPDATE_ROADMAP_STAGE = operation<
  { updateRoadmapStage: { id: string; deadline: string; version: number } },
  { input: { stageId: string; expectedVersion: number; deadline?: string } }
>(`
mutation UpdateRoadmapStage($input: UpdateRoadmapStageInput!) { updateRoadmapStage(input: $input) { id deadline version } }`);

export const ROADMAP_MATRIX = operation<{ roadmapMatrix: RoadmapMatrix | null }, { districtId: string; schoolYear: number }>(`
query RoadmapMatrix($districtId: ID!, $schoolYear: Int!) {
  roadmapMatrix(districtId: $districtId, schoolYear: $schoolYear) {
    roadmap {
      id title schoolYear asOf
      stages { id position code title deadline evidenceRequired version counts { ${COUNTS} } }
    }
    rows {
      school { id code name }
      cells { stageId code deadline state completion { ${COMPLETION_FIELDS} } }
      summary { ${COUNTS} }
    }
  }
}`);

export const PUBLISH_ROADMAP = operation<{ publishRoadmap: { id: string } }, { input: { districtId: string; schoolYear: number } }>(`
mutation PublishRoadmap($input: PublishRoadmapInput!) {
  publishRoadmap(input: $input) { id }
}`);

export const REJECT_ROADMAP_STAGE = operation<
  { rejectRoadmapStage: { stageId: string; state: StageState } },
  { input: { stageId: string; schoolId: string; comment: string; expectedVersion?: number | null } }
>(`
mutation RejectRoadmapStage($input: RejectRoadmapStageInput!) {
  rejectRoadmapStage(input: $input) { stageId state }
}`);

export interface SchoolRoadmapStage {
  stageId: string;
  position: number;
  code: string;
  title: string;
  description: string;
  deadline: string;
  evidenceRequired: boolean;
  state: StageState;
  completion: StageCompletion | null;
}

export interface SchoolRoadmap {
  roadmapId: string;
  schoolYear: number;
  title: string;
  asOf: string;
  stages: SchoolRoadmapStage[];
  summary: StageCounts;
}

const SCHOOL_STAGE_FIELDS = `stageId position code title description deadline evidenceRequired state completion { ${COMPLETION_FIELDS} }`;

export const SCHOOL_ROADMAP = operation<{ schoolRoadmap: SchoolRoadmap | null }, { schoolId: string; schoolYear: number }>(`
query SchoolRoadmap($schoolId: ID!, $schoolYear: Int!) {
  schoolRoadmap(schoolId: $schoolId, schoolYear: $schoolYear) {
    roadmapId schoolYear title asOf
    stages { ${SCHOOL_STAGE_FIELDS} }
    summary { ${COUNTS} }
  }
}`);

export interface CompleteStageInput {
  stageId: string;
  schoolId: string;
  documentNumber?: string | null;
  documentDate?: string | null;
  note?: string | null;
  link?: string | null;
}

export const COMPLETE_ROADMAP_STAGE = operation<{ completeRoadmapStage: SchoolRoadmapStage }, { input: CompleteStageInput }>(`
mutation CompleteRoadmapStage($input: CompleteRoadmapStageInput!) {
  completeRoadmapStage(input: $input) { ${SCHOOL_STAGE_FIELDS} }
}`);

// ---- statistical forms

export interface StatFormExport {
  id: string;
  form: StatFormCode;
  format: ExportFormat;
  year: number;
  toYear: number | null;
  quarter: number | null;
  state: ExportState;
  progress: number;
  sha256: string | null;
  fileName: string | null;
  downloadUrl: string | null;
  error: string | null;
  createdAt: string;
}

const EXPORT_FIELDS = 'id form format year toYear quarter state progress sha256 fileName downloadUrl error createdAt';

export interface ExportStatFormInput {
  form: StatFormCode;
  regionId?: string | null;
  districtId?: string | null;
  year: number;
  quarter?: number | null;
  format: ExportFormat;
}

export const EXPORT_STAT_FORM = operation<{ exportStatForm: { id: string; state: ExportState } }, { input: ExportStatFormInput }>(`
mutation ExportStatForm($input: ExportStatFormInput!) {
  exportStatForm(input: $input) { id state }
}`);

export const STAT_FORM_EXPORT = operation<{ statFormExport: StatFormExport }, { id: string }>(`
query StatFormExport($id: ID!) {
  statFormExport(id: $id) { ${EXPORT_FIELDS} }
}`);

export const STAT_FORM_EXPORTS = operation<{ statFormExports: StatFormExport[] }, { districtId?: string | null; regionId?: string | null }>(`
query StatFormExports($districtId: ID, $regionId: ID) {
  statFormExports(districtId: $districtId, regionId: $regionId, first: 20) { ${EXPORT_FIELDS} }
}`);

// ---- the school's registry (contract registry.graphql)

export type ParticipantKind = 'STUDENT' | 'TEACHER' | 'EXTERNAL';
export type MentoringFormCode =
  | 'STUDENT_STUDENT'
  | 'TEACHER_STUDENT'
  | 'UNIVERSITY_STUDENT_STUDENT'
  | 'EMPLOYER_STUDENT'
  | 'TEACHER_TEACHER'
  | 'HEAD_TEACHER'
  | 'UNIVERSITY_TEACHER_YOUNG_TEACHER';
export type ExternalMentorSource = 'EMPLOYER' | 'UNIVERSITY_STUDENT' | 'GRADUATE' | 'PARENT' | 'OTHER';
export type StudentMenteeCategory = 'GIFTED' | 'LOW_RESULTS' | 'DISABILITIES' | 'DIFFICULT_SITUATION' | 'BEHAVIOUR' | 'DISENGAGED';

export interface Participant {
  id: string;
  kind: ParticipantKind;
  fullName: string | null;
  hasConsent: boolean;
  grade: number | null;
  youngSpecialist: boolean;
  externalSource: ExternalMentorSource | null;
  categories: StudentMenteeCategory[];
  withdrawnOn: string | null;
  consent: { signedOn: string; signedBy: string | null; documentNumber: string | null; withdrawnOn: string | null } | null;
}

const PARTICIPANT_FIELDS = `id kind fullName hasConsent grade youngSpecialist externalSource categories withdrawnOn consent { signedOn signedBy documentNumber withdrawnOn }`;

export const PARTICIPANTS = operation<
  { participants: { totalCount: number; items: Participant[] } },
  { schoolId: string; first: number; offset: number; withoutConsent?: boolean | null }
>(`
query Participants($schoolId: ID!, $first: Int!, $offset: Int!, $withoutConsent: Boolean) {
  participants(schoolId: $schoolId, first: $first, offset: $offset, withoutConsent: $withoutConsent) {
    totalCount
    items { ${PARTICIPANT_FIELDS} }
  }
}`);

export interface AddParticipantInput {
  schoolId: string;
  kind: ParticipantKind;
  fullName: string;
  grade?: number | null;
  youngSpecialist?: boolean | null;
  externalSource?: ExternalMentorSource | null;
  categories?: StudentMenteeCategory[] | null;
}

export const ADD_PARTICIPANT = operation<{ addParticipant: Participant }, { input: AddParticipantInput }>(`
mutation AddParticipant($input: AddParticipantInput!) {
  addParticipant(input: $input) { ${PARTICIPANT_FIELDS} }
}`);

export const RECORD_CONSENT = operation<
  { recordConsent: Participant },
  { input: { participantId: string; signedOn: string; signedBy: string; documentNumber?: string | null } }
>(`
mutation RecordConsent($input: RecordConsentInput!) {
  recordConsent(input: $input) { ${PARTICIPANT_FIELDS} }
}`);

export const WITHDRAW_CONSENT = operation<{ withdrawConsent: Participant }, { participantId: string; withdrawnOn: string }>(`
mutation WithdrawConsent($participantId: ID!, $withdrawnOn: String!) {
  withdrawConsent(participantId: $participantId, withdrawnOn: $withdrawnOn) { ${PARTICIPANT_FIELDS} }
}`);

export interface Mentoring {
  id: string;
  form: MentoringFormCode;
  isGroup: boolean;
  startedOn: string;
  endedOn: string | null;
  members: { participantId: string; role: 'MENTOR' | 'MENTEE'; kind: ParticipantKind; fullName: string | null; leftOn: string | null }[];
}

const MENTORING_FIELDS = `id form isGroup startedOn endedOn members { participantId role kind fullName leftOn }`;

export const MENTORINGS = operation<{ mentorings: { totalCount: number; items: Mentoring[] } }, { schoolId: string; first: number; offset: number }>(`
query Mentorings($schoolId: ID!, $first: Int!, $offset: Int!) {
  mentorings(schoolId: $schoolId, first: $first, offset: $offset) { totalCount items { ${MENTORING_FIELDS} } }
}`);

export const START_MENTORING = operation<
  { startMentoring: Mentoring },
  { input: { schoolId: string; form: MentoringFormCode; mentorIds: string[]; menteeIds: string[]; startedOn: string } }
>(`
mutation StartMentoring($input: StartMentoringInput!) {
  startMentoring(input: $input) { ${MENTORING_FIELDS} }
}`);

export const END_MENTORING = operation<{ endMentoring: Mentoring }, { id: string; endedOn: string }>(`
mutation EndMentoring($id: ID!, $endedOn: String!) {
  endMentoring(id: $id, endedOn: $endedOn) { ${MENTORING_FIELDS} }
}`);

export const REGISTRY_FIGURES = operation<{ registryFigures: Figure[] }, { schoolId: string; year: number; quarter: number }>(`
query RegistryFigures($schoolId: ID!, $year: Int!, $quarter: Int!) {
  registryFigures(schoolId: $schoolId, year: $year, quarter: $quarter) { code value }
}`);

export interface RegistryImportResult {
  dryRun: boolean;
  imported: boolean;
  rowCount: number;
  participants: number;
  consents: number;
  mentorings: number;
  errors: { line: number; field: string; message: string }[];
}

export const IMPORT_REGISTRY = operation<
  { importRegistry: RegistryImportResult },
  { input: { schoolId: string; fileName: string; contentBase64: string; dryRun: boolean } }
>(`
mutation ImportRegistry($input: ImportRegistryInput!) {
  importRegistry(input: $input) { dryRun imported rowCount participants consents mentorings errors { line field message } }
}`);

export const REGISTRY_EXPORT = operation<{ registryExport: { fileName: string; contentBase64: string; rowCount: number } }, { schoolId: string }>(`
query RegistryExport($schoolId: ID!) {
  registryExport(schoolId: $schoolId) { fileName contentBase64 rowCount }
}`);

// ---- sign-off, extensions, completeness, notifications (../shared/contract/workflow.graphql)

export type DistrictQuarterState = 'OPEN' | 'SIGNED_OFF' | 'ACCEPTED';

export interface DistrictQuarter {
  districtId: string;
  year: number;
  quarter: number;
  state: DistrictQuarterState;
  version: number;
  comment: string | null;
  signedOffAt: string | null;
  decidedAt: string | null;
  missingSchools: { schoolId: string; code: string; name: string }[];
  revisions: { version: number; action: 'SIGN_OFF' | 'ACCEPT' | 'SEND_BACK'; state: DistrictQuarterState; comment: string | null; authorRole: Role; createdAt: string }[];
}

const DISTRICT_QUARTER_FIELDS = `districtId year quarter state version comment signedOffAt decidedAt
    missingSchools { schoolId code name }
    revisions { version action state comment authorRole createdAt }`;

type DistrictQuarterVariables = { districtId: string; year: number; quarter: number };

export const DISTRICT_QUARTER = operation<{ districtQuarter: DistrictQuarter }, DistrictQuarterVariables>(`
query DistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
    ${DISTRICT_QUARTER_FIELDS}
  }
}`);

export const SIGN_OFF_DISTRICT_QUARTER = operation<{ signOffDistrictQuarter: DistrictQuarter }, DistrictQuarterVariables>(`
mutation SignOffDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  signOffDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
    ${DISTRICT_QUARTER_FIELDS}
  }
}`);

export const ACCEPT_DISTRICT_QUARTER = operation<{ acceptDistrictQuarter: DistrictQuarter }, DistrictQuarterVariables>(`
mutation AcceptDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  acceptDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
    ${DISTRICT_QUARTER_FIELDS}
  }
}`);

export const SEND_BACK_DISTRICT_QUARTER = operation<{ sendBackDistrictQuarter: DistrictQuarter }, DistrictQuarterVariables & { comment: string }>(`
mutation SendBackDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!, $comment: String!) {
  sendBackDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter, comment: $comment) {
    ${DISTRICT_QUARTER_FIELDS}
  }
}`);

export interface ReportingExtension {
  id: string;
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  year: number;
  quarter: number;
  until: string;
  reason: string;
  grantedAt: string;
  revokedAt: string | null;
  inForce: boolean;
}

const EXTENSION_FIELDS = 'id schoolId schoolCode schoolName year quarter until reason grantedAt revokedAt inForce';

export const REPORTING_EXTENSIONS = operation<{ reportingExtensions: ReportingExtension[] }, DistrictQuarterVariables>(`
query ReportingExtensions($districtId: ID!, $year: Int!, $quarter: Int!) {
  reportingExtensions(districtId: $districtId, year: $year, quarter: $quarter) { ${EXTENSION_FIELDS} }
}`);

export const GRANT_REPORTING_EXTENSION = operation<
  { grantReportingExtension: ReportingExtension },
  { input: { schoolId: string; year: number; quarter: number; until: string; reason: string } }
>(`
mutation GrantReportingExtension($input: GrantReportingExtensionInput!) {
  grantReportingExtension(input: $input) { ${EXTENSION_FIELDS} }
}`);

export const REVOKE_REPORTING_EXTENSION = operation<{ revokeReportingExtension: ReportingExtension }, { schoolId: string; year: number; quarter: number }>(`
mutation RevokeReportingExtension($schoolId: ID!, $year: Int!, $quarter: Int!) {
  revokeReportingExtension(schoolId: $schoolId, year: $year, quarter: $quarter) { ${EXTENSION_FIELDS} }
}`);

export interface CompletenessFigures {
  expected: number;
  submitted: number;
  onTime: number;
  approved: number;
  submittedRate: number | null;
  onTimeRate: number | null;
}

export interface ReportingCompleteness extends CompletenessFigures {
  deadline: string;
  districts: (CompletenessFigures & { district: NamedRef; signOffState: DistrictQuarterState })[];
}

const COMPLETENESS_FIELDS = 'expected submitted onTime approved submittedRate onTimeRate';

export const REPORTING_COMPLETENESS = operation<{ reportingCompleteness: ReportingCompleteness }, { regionId: string; year: number; quarter: number }>(`
query ReportingCompleteness($regionId: ID!, $year: Int!, $quarter: Int!) {
  reportingCompleteness(regionId: $regionId, year: $year, quarter: $quarter) {
    ${COMPLETENESS_FIELDS} deadline
    districts { district { id code name } signOffState ${COMPLETENESS_FIELDS} }
  }
}`);

export const DISTRICT_COMPLETENESS_TREND = operation<
  { districtCompletenessTrend: (CompletenessFigures & { year: number; quarter: number; deadline: string; signOffState: DistrictQuarterState })[] },
  DistrictQuarterVariables & { quarters: number }
>(`
query DistrictCompletenessTrend($districtId: ID!, $year: Int!, $quarter: Int!, $quarters: Int) {
  districtCompletenessTrend(districtId: $districtId, year: $year, quarter: $quarter, quarters: $quarters) { year quarter deadline signOffState ${COMPLETENESS_FIELDS} }
}`);

export interface AppNotification {
  id: string;
  kind: 'DEADLINE_SOON' | 'DEADLINE_PASSED';
  schoolId: string;
  schoolName: string;
  year: number;
  quarter: number;
  deadline: string;
  createdAt: string;
  readAt: string | null;
}

export const NOTIFICATIONS = operation<{ notifications: AppNotification[]; unreadNotificationCount: number }>(`
query Notifications {
  notifications { id kind schoolId schoolName year quarter deadline createdAt readAt }
  unreadNotificationCount
}`);

export const UNREAD_NOTIFICATION_COUNT = operation<{ unreadNotificationCount: number }>(`
query UnreadNotificationCount { unreadNotificationCount }`);

export const MARK_NOTIFICATIONS_READ = operation<{ markNotificationsRead: number }, { ids?: string[] | null }>(`
mutation MarkNotificationsRead($ids: [ID!]) { markNotificationsRead(ids: $ids) }`);

export interface RegionReportingSettings {
  regionId: string;
  autoCloseDays: number | null;
  reminderDaysBefore: number;
  version: number;
}

export const REGION_REPORTING_SETTINGS = operation<{ regionReportingSettings: RegionReportingSettings }, { regionId: string }>(`
query RegionReportingSettings($regionId: ID!) {
  regionReportingSettings(regionId: $regionId) { regionId autoCloseDays reminderDaysBefore version }
}`);

export const SET_REGION_REPORTING_SETTINGS = operation<
  { setRegionReportingSettings: RegionReportingSettings },
  { input: { regionId: string; autoCloseDays: number | null; reminderDaysBefore: number; expectedVersion: number } }
>(`
mutation SetRegionReportingSettings($input: SetRegionReportingSettingsInput!) {
  setRegionReportingSettings(input: $input) { regionId autoCloseDays reminderDaysBefore version }
}`);

export const SCHOOL_REPORTING_EXTENSION = operation<{ schoolReportingExtension: ReportingExtension | null }, { schoolId: string; year: number; quarter: number }>(`
query SchoolReportingExtension($schoolId: ID!, $year: Int!, $quarter: Int!) {
  schoolReportingExtension(schoolId: $schoolId, year: $year, quarter: $quarter) { ${EXTENSION_FIELDS} }
}`);

export * from './admin-operations';
