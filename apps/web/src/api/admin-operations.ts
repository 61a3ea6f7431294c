// Operations of the administration pages (regions, districts, schools, accounts, imports, audit log,
// enrollment, the region's schedule and deadlines). Re-exported by operations.ts, so the schema test
// validates them with the rest.
import { operation } from './operation';
import type { Role, TargetIndicator, TargetSchedule } from './operations';

export interface Page<T> {
  items: T[];
  totalCount: number;
}

export interface AdminRegion {
  id: string;
  code: string;
  name: string;
  okato: string | null;
  active: boolean;
}

export interface AdminDistrict {
  id: string;
  regionId: string;
  code: string;
  name: string;
  oktmo: string | null;
  active: boolean;
}

export interface AdminSchool {
  id: string;
  regionId: string;
  districtId: string;
  code: string;
  name: string;
  inn: string | null;
  active: boolean;
}

export interface AdminUser {
  id: string;
  email: string;
  role: Role;
  displayName: string | null;
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
  active: boolean;
}

interface PageVariables {
  first: number;
  offset: number;
  search?: string | null;
}

const REGION_FIELDS = 'id code name okato active';
const DISTRICT_FIELDS = 'id regionId code name oktmo active';
const SCHOOL_FIELDS = 'id regionId districtId code name inn active';
const USER_FIELDS = 'id email role displayName regionId districtId schoolId active';

export const ADMIN_REGIONS = operation<{ regions: Page<AdminRegion> }, PageVariables>(`
query AdminRegions($first: Int!, $offset: Int!, $search: String) {
  regions(first: $first, offset: $offset, search: $search) { totalCount items { ${REGION_FIELDS} } }
}`);

export const CREATE_REGION = operation<{ createRegion: AdminRegion }, { input: { code: string; name: string; okato?: string | null } }>(`
mutation CreateRegion($input: CreateRegionInput!) { createRegion(input: $input) { ${REGION_FIELDS} } }`);

export const UPDATE_REGION = operation<
  { updateRegion: AdminRegion },
  { input: { id: string; name?: string; okato?: string | null; active?: boolean } }
>(`
mutation UpdateRegion($input: UpdateRegionInput!) { updateRegion(input: $input) { ${REGION_FIELDS} } }`);

export const ADMIN_DISTRICTS = operation<{ districts: Page<AdminDistrict> }, PageVariables & { regionId?: string | null }>(`
query AdminDistricts($regionId: ID, $first: Int!, $offset: Int!, $search: String) {
  districts(regionId: $regionId, first: $first, offset: $offset, search: $search) { totalCount items { ${DISTRICT_FIELDS} } }
}`);

export const CREATE_DISTRICT = operation<
  { createDistrict: AdminDistrict },
  { input: { regionId: string; code: string; name: string; oktmo?: string | null } }
>(`
mutation CreateDistrict($input: CreateDistrictInput!) { createDistrict(input: $input) { ${DISTRICT_FIELDS} } }`);

export const UPDATE_DISTRICT = operation<
  { updateDistrict: AdminDistrict },
  { input: { id: string; name?: string; oktmo?: string | null; active?: boolean } }
>(`
mutation UpdateDistrict($input: UpdateDistrictInput!) { updateDistrict(input: $input) { ${DISTRICT_FIELDS} } }`);

export const ADMIN_SCHOOLS = operation<{ schools: Page<AdminSchool> }, PageVariables & { districtId?: string | null }>(`
query AdminSchools($districtId: ID, $first: Int!, $offset: Int!, $search: String) {
  schools(districtId: $districtId, first: $first, offset: $offset, search: $search) { totalCount items { ${SCHOOL_FIELDS} } }
}`);

export const CREATE_SCHOOL = operation<
  { createSchool: AdminSchool },
  { input: { districtId: string; code: string; name: string; inn?: string | null } }
>(`
mutation CreateSchool($input: CreateSchoolInput!) { createSchool(input: $input) { ${SCHOOL_FIELDS} } }`);

export const UPDATE_SCHOOL = operation<
  { updateSchool: AdminSchool },
  { input: { id: string; name?: string; inn?: string | null; active?: boolean } }
>(`
mutation UpdateSchool($input: UpdateSchoolInput!) { updateSchool(input: $input) { ${SCHOOL_FIELDS} } }`);

export const ADMIN_USERS = operation<
  { users: Page<AdminUser> },
  PageVariables & { regionId?: string | null; districtId?: string | null; schoolId?: string | null; role?: Role | null }
>(`
query AdminUsers($regionId: ID, $districtId: ID, $schoolId: ID, $role: Role, $first: Int!, $offset: Int!, $search: String) {
  users(regionId: $regionId, districtId: $districtId, schoolId: $schoolId, role: $role, first: $first, offset: $offset, search: $search) {
    totalCount items { ${USER_FIELDS} }
  }
}`);

export interface CreateUserInput {
  email: string;
  password: string;
  role: Role;
  displayName?: string | null;
  regionId?: string | null;
  districtId?: string | null;
  schoolId?: string | null;
}

export const CREATE_USER = operation<{ createUser: AdminUser }, { input: CreateUserInput }>(`
mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`);

export const DEACTIVATE_USER = operation<{ deactivateUser: AdminUser }, { id: string }>(`
mutation DeactivateUser($id: ID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`);

export const ACTIVATE_USER = operation<{ activateUser: AdminUser }, { id: string }>(`
mutation ActivateUser($id: ID!) { activateUser(id: $id) { ${USER_FIELDS} } }`);

export const CHANGE_USER_ROLE = operation<
  { changeUserRole: AdminUser },
  { input: { id: string; role: Role; regionId?: string | null; districtId?: string | null; schoolId?: string | null } }
>(`
mutation ChangeUserRole($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { ${USER_FIELDS} } }`);

export const RESET_USER_PASSWORD = operation<{ resetUserPassword: { temporaryPassword: string; user: AdminUser } }, { id: string }>(`
mutation ResetUserPassword($id: ID!) { resetUserPassword(id: $id) { temporaryPassword user { ${USER_FIELDS} } } }`);

// ---- imports

export interface ImportRowError {
  line: number;
  field: string;
  message: string;
}

export interface SchoolImportResult {
  dryRun: boolean;
  imported: boolean;
  rowCount: number;
  curatorCount: number;
  schoolsCreated: number;
  curatorsCreated: number;
  errors: ImportRowError[];
  credentials: { line: number; schoolCode: string; email: string; password: string }[];
}

export interface ImportFileInput {
  districtId: string;
  fileName: string;
  contentBase64: string;
  dryRun: boolean;
}

export const IMPORT_SCHOOLS = operation<{ importSchools: SchoolImportResult }, { input: ImportFileInput }>(`
mutation ImportSchools($input: ImportSchoolsInput!) {
  importSchools(input: $input) {
    dryRun imported rowCount curatorCount schoolsCreated curatorsCreated
    errors { line field message }
    credentials { line schoolCode email password }
  }
}`);

export interface EnrollmentImportResult {
  dryRun: boolean;
  applied: boolean;
  rowCount: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
  rows: { line: number; schoolCode: string; year: number; students: number; mentorBase: number | null; action: string }[];
}

export const IMPORT_ENROLLMENT = operation<{ importEnrollment: EnrollmentImportResult }, { input: ImportFileInput }>(`
mutation ImportEnrollment($input: ImportEnrollmentInput!) {
  importEnrollment(input: $input) {
    dryRun applied rowCount inserted updated unchanged
    errors { line field message }
    rows { line schoolCode year students mentorBase action }
  }
}`);

// ---- enrollment, schedule, deadlines

export interface EnrollmentRecord {
  id: string;
  year: number;
  students: number;
  mentorBase: number | null;
  version: number;
}

export const ENROLLMENT_HISTORY = operation<{ enrollmentHistory: EnrollmentRecord[] }, { schoolId: string }>(`
query EnrollmentHistory($schoolId: ID!) { enrollmentHistory(schoolId: $schoolId) { id year students mentorBase version } }`);

export const SET_ENROLLMENT = operation<
  { setEnrollment: EnrollmentRecord },
  { input: { schoolId: string; year: number; students: number; mentorBase?: number | null } }
>(`
mutation SetEnrollment($input: SetEnrollmentInput!) { setEnrollment(input: $input) { id year students mentorBase version } }`);

export const REGION_TARGET_SCHEDULES = operation<{ regionTargetSchedules: TargetSchedule[] }, { regionId: string }>(`
query RegionTargetSchedules($regionId: ID!) { regionTargetSchedules(regionId: $regionId) { indicator source points { year percent } } }`);

export const SET_REGION_TARGET_SCHEDULE = operation<
  { setRegionTargetSchedule: TargetSchedule },
  { input: { regionId: string; indicator: TargetIndicator; points: { year: number; percent: number }[] } }
>(`
mutation SetRegionTargetSchedule($input: SetRegionTargetScheduleInput!) {
  setRegionTargetSchedule(input: $input) { indicator source points { year percent } }
}`);

export const SET_REPORTING_DEADLINE = operation<
  { setReportingDeadline: { regionId: string; year: number; quarter: number; deadline: string; defaultDeadline: boolean } },
  { regionId: string; year: number; quarter: number; deadline: string }
>(`
mutation SetReportingDeadline($regionId: ID!, $year: Int!, $quarter: Int!, $deadline: String!) {
  setReportingDeadline(regionId: $regionId, year: $year, quarter: $quarter, deadline: $deadline) { regionId year quarter deadline defaultDeadline }
}`);

// ---- audit log

export interface AuditEntry {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string;
  regionId: string | null;
  districtId: string | null;
  schoolId: string | null;
  operation: string;
  targetType: string | null;
  targetIds: string[];
  details: string;
}

export interface AuditFilter {
  regionId?: string | null;
  districtId?: string | null;
  schoolId?: string | null;
  actorUserId?: string | null;
  operation?: string | null;
  from?: string | null;
  to?: string | null;
}

export const AUDIT_LOG = operation<{ auditLog: Page<AuditEntry> }, AuditFilter & { first: number; offset: number }>(`
query AuditLog($regionId: ID, $districtId: ID, $schoolId: ID, $actorUserId: ID, $operation: String, $from: String, $to: String, $first: Int!, $offset: Int!) {
  auditLog(regionId: $regionId, districtId: $districtId, schoolId: $schoolId, actorUserId: $actorUserId, operation: $operation, from: $from, to: $to, first: $first, offset: $offset) {
    totalCount
    items { id occurredAt actorUserId actorRole regionId districtId schoolId operation targetType targetIds details }
  }
}`);
