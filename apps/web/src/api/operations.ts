// Every operation the web app sends, as graphql() documents: `npm run codegen` generates their result
// and variable types (./generated, TypedDocumentNode) from the committed SDL, so a page cannot send
// variables of the wrong shape or read fields a document did not ask for. The contract operations
// (../shared/contract/operations.graphql) are used as written there, extended only with fields the
// schema offers beside them. Named types below are pieces of the generated results, never restated.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from './generated';

export type {
  ExportFormat,
  ExternalMentorSource,
  MentoringForm as MentoringFormCode,
  MonitoringStatus,
  ParticipantKind,
  Role,
  SchoolReportStatus,
  StatFormCode,
  StudentMenteeCategory,
  TargetIndicator,
} from './generated/graphql';

type NonNull<T> = Exclude<T, null | undefined>;

// ---- session

export const LOGIN = graphql(`
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken
    mustChangePassword
    user { id email role }
  }
}`);

export const CHANGE_PASSWORD = graphql(`
mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { accessToken mustChangePassword }
}`);

export const LOGOUT = graphql(`
mutation Logout { logout }`);

export const ME = graphql(`
query Me { me { id email role displayName regionId districtId schoolId } }`);

export type SessionUser = ResultOf<typeof ME>['me'];

// ---- organisation

export const REGIONS = graphql(`
query Regions { regions(first: 100) { items { id code name } } }`);

export const REGION = graphql(`
query Region($id: ID!) { region(id: $id) { id code name } }`);

export const DISTRICT = graphql(`
query District($id: ID!) { district(id: $id) { id code name regionId } }`);

export const SCHOOL = graphql(`
query School($id: ID!) { school(id: $id) { id code name districtId regionId } }`);

export const DISTRICTS = graphql(`
query Districts($regionId: ID!) { districts(regionId: $regionId, first: 100) { items { id code name } } }`);

// ---- targets

export const DISTRICT_TARGET_PLAN = graphql(`
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

export type DistrictTargetPlan = ResultOf<typeof DISTRICT_TARGET_PLAN>['districtTargetPlan'];
export type PlanCell = DistrictTargetPlan['rows'][number]['cells'][number];
export type TargetSchedule = DistrictTargetPlan['schedules'][number];

export const SCHOOL_TARGET_PLAN = graphql(`
query SchoolTargetPlan($schoolId: ID!, $fromYear: Int!, $toYear: Int!) {
  schoolTargetPlan(schoolId: $schoolId, fromYear: $fromYear, toYear: $toYear) {
    school { id code name }
    cells { year students mentorBase menteeTarget mentorTarget }
  }
}`);

export const TARGET_SCHEDULES = graphql(`
query TargetSchedules($districtId: ID!) {
  targetSchedules(districtId: $districtId) { indicator source points { year percent } }
}`);

export const SET_TARGET_SCHEDULE = graphql(`
mutation SetTargetSchedule($input: SetTargetScheduleInput!) {
  setTargetSchedule(input: $input) { indicator source points { year percent } }
}`);

// ---- quarterly reports

export const QUARTERLY_REPORT_CATALOGUE = graphql(`
query QuarterlyReportCatalogue($version: Int) {
  quarterlyReportCatalogue(version: $version) {
    version
    sections { code labelRu }
    elements { code labelRu section required measure }
  }
}`);

export type Catalogue = ResultOf<typeof QUARTERLY_REPORT_CATALOGUE>['quarterlyReportCatalogue'];
export type CatalogueElement = Catalogue['elements'][number];

export const QUARTERLY_REPORT = graphql(`
query QuarterlyReport($schoolId: ID!, $year: Int!, $quarter: Int!) {
  quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {
    id status version catalogueVersion comment submittedAt submittedLate
    figures { code value }
    warnings { code rule message registryValue }
    allowedActions
    revisions { version action status comment createdAt author { email displayName } changes { code from to } }
  }
}`);

export type QuarterlyReport = NonNull<ResultOf<typeof QUARTERLY_REPORT>['quarterlyReport']>;
export type Figure = QuarterlyReport['figures'][number];
export type FigureWarning = QuarterlyReport['warnings'][number];

export const SAVE_QUARTERLY_REPORT = graphql(`
mutation SaveQuarterlyReport($input: SaveQuarterlyReportInput!) {
  saveQuarterlyReport(input: $input) {
    id status version catalogueVersion comment submittedAt submittedLate
    figures { code value }
    warnings { code rule message registryValue }
    allowedActions
    revisions { version action status comment createdAt author { email displayName } changes { code from to } }
  }
}`);

export const SUBMIT_QUARTERLY_REPORT = graphql(`
mutation SubmitQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String) {
  submitQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) {
    id status version catalogueVersion comment submittedAt submittedLate
    figures { code value }
    warnings { code rule message registryValue }
    allowedActions
    revisions { version action status comment createdAt author { email displayName } changes { code from to } }
  }
}`);

export const APPROVE_QUARTERLY_REPORT = graphql(`
mutation ApproveQuarterlyReport($id: ID!, $expectedVersion: Int!) {
  approveQuarterlyReport(id: $id, expectedVersion: $expectedVersion) { id status version }
}`);

export const RETURN_QUARTERLY_REPORT = graphql(`
mutation ReturnQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
  returnQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`);

export const REOPEN_QUARTERLY_REPORT = graphql(`
mutation ReopenQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
  reopenQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) { id status version }
}`);

export const DISTRICT_QUARTERLY_REPORTS = graphql(`
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

export type DistrictReport = ResultOf<typeof DISTRICT_QUARTERLY_REPORTS>['districtQuarterlyReports'][number];

export const REPORTING_PERIOD = graphql(`
query ReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
  reportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { regionId year quarter deadline defaultDeadline deadlinePassed closed closedAt }
}`);

export const CLOSE_REPORTING_PERIOD = graphql(`
mutation CloseReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
  closeReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { regionId year quarter deadline defaultDeadline deadlinePassed closed closedAt }
}`);

export const REOPEN_REPORTING_PERIOD = graphql(`
mutation ReopenReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
  reopenReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) { regionId year quarter deadline defaultDeadline deadlinePassed closed closedAt }
}`);

// ---- jobs and monitoring

export const JOB = graphql(`
query Job($id: ID!) {
  job(id: $id) { id state progress error }
}`);

export type Job = ResultOf<typeof JOB>['job'];

export const RUN_MONITORING = graphql(`
mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) { id state }
}`);

export const DISTRICT_MONITORING = graphql(`
query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
    computedAt
    expectedProgressPercent
    totals { students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent expectedProgressPercent schoolCount reportedSchoolCount notReportedSchoolCount }
    schools {
      school { id code name }
      reportStatus status
      students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent expectedProgressPercent menteesDelta
    }
    notReported { id code name }
  }
}`);

export type DistrictMonitoring = NonNull<ResultOf<typeof DISTRICT_MONITORING>['districtMonitoring']>;
export type MonitoringTotals = DistrictMonitoring['totals'];
export type SchoolMonitoringRow = DistrictMonitoring['schools'][number];

export const SCHOOL_MONITORING = graphql(`
query SchoolMonitoring($schoolId: ID!, $year: Int!, $quarter: Int!) {
  schoolMonitoring(schoolId: $schoolId, year: $year, quarter: $quarter) {
    school { id code name }
    year quarter computedAt reportStatus status
    students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent expectedProgressPercent menteesDelta
  }
}`);

export const REGION_MONITORING = graphql(`
query RegionMonitoring($regionId: ID!, $year: Int!, $quarter: Int!) {
  regionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) {
    computedAt expectedProgressPercent
    totals { students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent expectedProgressPercent schoolCount reportedSchoolCount notReportedSchoolCount districtCount }
    districts {
      district { id code name }
      status students mentees mentors menteeTarget mentorTarget coveragePercent progressPercent expectedProgressPercent schoolCount reportedSchoolCount notReportedSchoolCount
    }
  }
}`);

export type RegionMonitoring = NonNull<ResultOf<typeof REGION_MONITORING>['regionMonitoring']>;

export const RUN_REGION_MONITORING = graphql(`
mutation RunRegionMonitoring($regionId: ID!, $year: Int!, $quarter: Int!) {
  runRegionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) { id state }
}`);

// ---- roadmap

export const UPDATE_ROADMAP_STAGE = graphql(`
mutation UpdateRoadmapStage($input: UpdateRoadmapStageInput!) { updateRoadmapStage(input: $input) { id deadline version } }`);

export const ROADMAP_MATRIX = graphql(`
query RoadmapMatrix($districtId: ID!, $schoolYear: Int!) {
  roadmapMatrix(districtId: $districtId, schoolYear: $schoolYear) {
    roadmap {
      id title schoolYear asOf
      stages { id position code title deadline evidenceRequired version counts { done due overdue rejected total } }
    }
    rows {
      school { id code name }
      cells { stageId code deadline state completion { id state documentNumber documentDate note link completedAt reviewComment version } }
      summary { done due overdue rejected total }
    }
  }
}`);

export type RoadmapMatrix = NonNull<ResultOf<typeof ROADMAP_MATRIX>['roadmapMatrix']>;

export const PUBLISH_ROADMAP = graphql(`
mutation PublishRoadmap($input: PublishRoadmapInput!) {
  publishRoadmap(input: $input) { id }
}`);

export const REJECT_ROADMAP_STAGE = graphql(`
mutation RejectRoadmapStage($input: RejectRoadmapStageInput!) {
  rejectRoadmapStage(input: $input) { stageId state }
}`);

export const SCHOOL_ROADMAP = graphql(`
query SchoolRoadmap($schoolId: ID!, $schoolYear: Int!) {
  schoolRoadmap(schoolId: $schoolId, schoolYear: $schoolYear) {
    roadmapId schoolYear title asOf
    stages { stageId position code title description deadline evidenceRequired state completion { id state documentNumber documentDate note link completedAt reviewComment version } }
    summary { done due overdue rejected total }
  }
}`);

export type SchoolRoadmapStage = NonNull<ResultOf<typeof SCHOOL_ROADMAP>['schoolRoadmap']>['stages'][number];

export const COMPLETE_ROADMAP_STAGE = graphql(`
mutation CompleteRoadmapStage($input: CompleteRoadmapStageInput!) {
  completeRoadmapStage(input: $input) { stageId position code title description deadline evidenceRequired state completion { id state documentNumber documentDate note link completedAt reviewComment version } }
}`);

// ---- statistical forms

export const EXPORT_STAT_FORM = graphql(`
mutation ExportStatForm($input: ExportStatFormInput!) {
  exportStatForm(input: $input) { id state }
}`);

export const STAT_FORM_EXPORT = graphql(`
query StatFormExport($id: ID!) {
  statFormExport(id: $id) { id form format year toYear quarter state progress sha256 fileName downloadUrl error createdAt snapshotComputedAt snapshotStale }
}`);

export type StatFormExport = ResultOf<typeof STAT_FORM_EXPORT>['statFormExport'];

export const STAT_FORM_EXPORTS = graphql(`
query StatFormExports($districtId: ID, $regionId: ID) {
  statFormExports(districtId: $districtId, regionId: $regionId, first: 20) { id form format year toYear quarter state progress sha256 fileName downloadUrl error createdAt snapshotComputedAt snapshotStale }
}`);

// ---- the school's registry (contract registry.graphql)

export const PARTICIPANTS = graphql(`
query Participants($schoolId: ID!, $first: Int!, $offset: Int!, $withoutConsent: Boolean) {
  participants(schoolId: $schoolId, first: $first, offset: $offset, withoutConsent: $withoutConsent) {
    totalCount
    items { id kind fullName hasConsent grade youngSpecialist externalSource categories withdrawnOn consent { signedOn signedBy documentNumber withdrawnOn } }
  }
}`);

export type Participant = ResultOf<typeof PARTICIPANTS>['participants']['items'][number];

export const ADD_PARTICIPANT = graphql(`
mutation AddParticipant($input: AddParticipantInput!) {
  addParticipant(input: $input) { id kind fullName hasConsent grade youngSpecialist externalSource categories withdrawnOn consent { signedOn signedBy documentNumber withdrawnOn } }
}`);

export const RECORD_CONSENT = graphql(`
mutation RecordConsent($input: RecordConsentInput!) {
  recordConsent(input: $input) { id kind fullName hasConsent grade youngSpecialist externalSource categories withdrawnOn consent { signedOn signedBy documentNumber withdrawnOn } }
}`);

export const WITHDRAW_CONSENT = graphql(`
mutation WithdrawConsent($participantId: ID!, $withdrawnOn: String!) {
  withdrawConsent(participantId: $participantId, withdrawnOn: $withdrawnOn) { id kind fullName hasConsent grade youngSpecialist externalSource categories withdrawnOn consent { signedOn signedBy documentNumber withdrawnOn } }
}`);

export const MENTORINGS = graphql(`
query Mentorings($schoolId: ID!, $first: Int!, $offset: Int!) {
  mentorings(schoolId: $schoolId, first: $first, offset: $offset) { totalCount items { id form isGroup startedOn endedOn members { participantId role kind fullName leftOn } } }
}`);

export type Mentoring = ResultOf<typeof MENTORINGS>['mentorings']['items'][number];

export const START_MENTORING = graphql(`
mutation StartMentoring($input: StartMentoringInput!) {
  startMentoring(input: $input) { id form isGroup startedOn endedOn members { participantId role kind fullName leftOn } }
}`);

export const END_MENTORING = graphql(`
mutation EndMentoring($id: ID!, $endedOn: String!) {
  endMentoring(id: $id, endedOn: $endedOn) { id form isGroup startedOn endedOn members { participantId role kind fullName leftOn } }
}`);

export const REGISTRY_FIGURES = graphql(`
query RegistryFigures($schoolId: ID!, $year: Int!, $quarter: Int!) {
  registryFigures(schoolId: $schoolId, year: $year, quarter: $quarter) { code value }
}`);

export const IMPORT_REGISTRY = graphql(`
mutation ImportRegistry($input: ImportRegistryInput!) {
  importRegistry(input: $input) { dryRun imported rowCount participants consents mentorings errors { line field message } }
}`);

export type RegistryImportResult = ResultOf<typeof IMPORT_REGISTRY>['importRegistry'];

export const REGISTRY_EXPORT = graphql(`
query RegistryExport($schoolId: ID!) {
  registryExport(schoolId: $schoolId) { fileName contentBase64 rowCount }
}`);

// ---- sign-off, extensions, completeness, notifications (../shared/contract/workflow.graphql)

export const DISTRICT_QUARTER = graphql(`
query DistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  districtQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
    districtId year quarter state version comment signedOffAt decidedAt
    missingSchools { schoolId code name }
    revisions { version action state comment authorRole createdAt }
  }
}`);

export type DistrictQuarter = ResultOf<typeof DISTRICT_QUARTER>['districtQuarter'];

export const SIGN_OFF_DISTRICT_QUARTER = graphql(`
mutation SignOffDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  signOffDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
    districtId year quarter state version comment signedOffAt decidedAt
    missingSchools { schoolId code name }
    revisions { version action state comment authorRole createdAt }
  }
}`);

export const ACCEPT_DISTRICT_QUARTER = graphql(`
mutation AcceptDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
  acceptDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
    districtId year quarter state version comment signedOffAt decidedAt
    missingSchools { schoolId code name }
    revisions { version action state comment authorRole createdAt }
  }
}`);

export const SEND_BACK_DISTRICT_QUARTER = graphql(`
mutation SendBackDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!, $comment: String!) {
  sendBackDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter, comment: $comment) {
    districtId year quarter state version comment signedOffAt decidedAt
    missingSchools { schoolId code name }
    revisions { version action state comment authorRole createdAt }
  }
}`);

export const REPORTING_EXTENSIONS = graphql(`
query ReportingExtensions($districtId: ID!, $year: Int!, $quarter: Int!) {
  reportingExtensions(districtId: $districtId, year: $year, quarter: $quarter) { id schoolId schoolCode schoolName year quarter until reason grantedAt revokedAt inForce }
}`);

export const GRANT_REPORTING_EXTENSION = graphql(`
mutation GrantReportingExtension($input: GrantReportingExtensionInput!) {
  grantReportingExtension(input: $input) { id schoolId schoolCode schoolName year quarter until reason grantedAt revokedAt inForce }
}`);

export const REVOKE_REPORTING_EXTENSION = graphql(`
mutation RevokeReportingExtension($schoolId: ID!, $year: Int!, $quarter: Int!) {
  revokeReportingExtension(schoolId: $schoolId, year: $year, quarter: $quarter) { id schoolId schoolCode schoolName year quarter until reason grantedAt revokedAt inForce }
}`);

export const REPORTING_COMPLETENESS = graphql(`
query ReportingCompleteness($regionId: ID!, $year: Int!, $quarter: Int!) {
  reportingCompleteness(regionId: $regionId, year: $year, quarter: $quarter) {
    expected submitted onTime approved submittedRate onTimeRate deadline
    districts { district { id code name } signOffState expected submitted onTime approved submittedRate onTimeRate }
  }
}`);

/** The completeness figures a region's totals, each district's row and a district's trend share. */
export type CompletenessFigures = Pick<
  ResultOf<typeof REPORTING_COMPLETENESS>['reportingCompleteness'],
  'expected' | 'submitted' | 'onTime' | 'approved' | 'submittedRate' | 'onTimeRate'
>;

export const DISTRICT_COMPLETENESS_TREND = graphql(`
query DistrictCompletenessTrend($districtId: ID!, $year: Int!, $quarter: Int!, $quarters: Int) {
  districtCompletenessTrend(districtId: $districtId, year: $year, quarter: $quarter, quarters: $quarters) { year quarter deadline signOffState expected submitted onTime approved submittedRate onTimeRate }
}`);

export const NOTIFICATIONS = graphql(`
query Notifications {
  notifications { id kind schoolId schoolName year quarter deadline createdAt readAt }
  unreadNotificationCount
}`);

export const UNREAD_NOTIFICATION_COUNT = graphql(`
query UnreadNotificationCount { unreadNotificationCount }`);

export const MARK_NOTIFICATIONS_READ = graphql(`
mutation MarkNotificationsRead($ids: [ID!]) { markNotificationsRead(ids: $ids) }`);

export const REGION_REPORTING_SETTINGS = graphql(`
query RegionReportingSettings($regionId: ID!) {
  regionReportingSettings(regionId: $regionId) { regionId autoCloseDays reminderDaysBefore version }
}`);

export type RegionReportingSettings = ResultOf<typeof REGION_REPORTING_SETTINGS>['regionReportingSettings'];

export const SET_REGION_REPORTING_SETTINGS = graphql(`
mutation SetRegionReportingSettings($input: SetRegionReportingSettingsInput!) {
  setRegionReportingSettings(input: $input) { regionId autoCloseDays reminderDaysBefore version }
}`);

export const SCHOOL_REPORTING_EXTENSION = graphql(`
query SchoolReportingExtension($schoolId: ID!, $year: Int!, $quarter: Int!) {
  schoolReportingExtension(schoolId: $schoolId, year: $year, quarter: $quarter) { id schoolId schoolCode schoolName year quarter until reason grantedAt revokedAt inForce }
}`);
