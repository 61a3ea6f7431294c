// Operations of the administration pages (regions, districts, schools, accounts, imports, audit log,
// enrollment, the region's schedule and deadlines), as graphql() documents typed by `npm run codegen`;
// operations.spec.ts validates them against the committed SDL with the rest.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';

// ---- organisation

export const ADMIN_REGIONS = graphql(`
  query AdminRegions($first: Int!, $offset: Int!, $search: String) {
    regions(first: $first, offset: $offset, search: $search) {
      totalCount
      items {
        id
        code
        name
        okato
        active
      }
    }
  }
`);

export const CREATE_REGION = graphql(`
  mutation CreateRegion($input: CreateRegionInput!) {
    createRegion(input: $input) {
      id
      code
      name
      okato
      active
    }
  }
`);

export const UPDATE_REGION = graphql(`
  mutation UpdateRegion($input: UpdateRegionInput!) {
    updateRegion(input: $input) {
      id
      code
      name
      okato
      active
    }
  }
`);

export const ADMIN_DISTRICTS = graphql(`
  query AdminDistricts($regionId: ID, $first: Int!, $offset: Int!, $search: String) {
    districts(regionId: $regionId, first: $first, offset: $offset, search: $search) {
      totalCount
      items {
        id
        regionId
        code
        name
        oktmo
        active
      }
    }
  }
`);

export const CREATE_DISTRICT = graphql(`
  mutation CreateDistrict($input: CreateDistrictInput!) {
    createDistrict(input: $input) {
      id
      regionId
      code
      name
      oktmo
      active
    }
  }
`);

export const UPDATE_DISTRICT = graphql(`
  mutation UpdateDistrict($input: UpdateDistrictInput!) {
    updateDistrict(input: $input) {
      id
      regionId
      code
      name
      oktmo
      active
    }
  }
`);

export const ADMIN_SCHOOLS = graphql(`
  query AdminSchools($districtId: ID, $first: Int!, $offset: Int!, $search: String) {
    schools(districtId: $districtId, first: $first, offset: $offset, search: $search) {
      totalCount
      items {
        id
        regionId
        districtId
        code
        name
        inn
        active
      }
    }
  }
`);

export const CREATE_SCHOOL = graphql(`
  mutation CreateSchool($input: CreateSchoolInput!) {
    createSchool(input: $input) {
      id
      regionId
      districtId
      code
      name
      inn
      active
    }
  }
`);

export const UPDATE_SCHOOL = graphql(`
  mutation UpdateSchool($input: UpdateSchoolInput!) {
    updateSchool(input: $input) {
      id
      regionId
      districtId
      code
      name
      inn
      active
    }
  }
`);

// ---- accounts

export const ADMIN_USERS = graphql(`
  query AdminUsers($regionId: ID, $districtId: ID, $schoolId: ID, $role: Role, $first: Int!, $offset: Int!, $search: String) {
    users(regionId: $regionId, districtId: $districtId, schoolId: $schoolId, role: $role, first: $first, offset: $offset, search: $search) {
      totalCount
      items {
        id
        email
        role
        displayName
        regionId
        districtId
        schoolId
        active
      }
    }
  }
`);

export type AdminUser = ResultOf<typeof ADMIN_USERS>['users']['items'][number];

export const CREATE_USER = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      email
      role
      displayName
      regionId
      districtId
      schoolId
      active
    }
  }
`);

export const DEACTIVATE_USER = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      email
      role
      displayName
      regionId
      districtId
      schoolId
      active
    }
  }
`);

export const ACTIVATE_USER = graphql(`
  mutation ActivateUser($id: ID!) {
    activateUser(id: $id) {
      id
      email
      role
      displayName
      regionId
      districtId
      schoolId
      active
    }
  }
`);

export const CHANGE_USER_ROLE = graphql(`
  mutation ChangeUserRole($input: ChangeUserRoleInput!) {
    changeUserRole(input: $input) {
      id
      email
      role
      displayName
      regionId
      districtId
      schoolId
      active
    }
  }
`);

export const RESET_USER_PASSWORD = graphql(`
  mutation ResetUserPassword($id: ID!) {
    resetUserPassword(id: $id) {
      temporaryPassword
      user {
        id
        email
        role
        displayName
        regionId
        districtId
        schoolId
        active
      }
    }
  }
`);

// ---- imports

export const IMPORT_SCHOOLS = graphql(`
  mutation ImportSchools($input: ImportSchoolsInput!) {
    importSchools(input: $input) {
      dryRun
      imported
      rowCount
      curatorCount
      schoolsCreated
      curatorsCreated
      errors {
        line
        field
        message
      }
      job {
        id
        state
        progress
      }
    }
  }
`);

export type SchoolImportResult = ResultOf<typeof IMPORT_SCHOOLS>['importSchools'];
export type ImportRowError = SchoolImportResult['errors'][number];

export const IMPORT_ENROLLMENT = graphql(`
  mutation ImportEnrollment($input: ImportEnrollmentInput!) {
    importEnrollment(input: $input) {
      dryRun
      applied
      rowCount
      inserted
      updated
      unchanged
      errors {
        line
        field
        message
      }
      rows {
        line
        schoolCode
        year
        students
        mentorBase
        action
      }
      job {
        id
        state
        progress
      }
    }
  }
`);

export type EnrollmentImportResult = ResultOf<typeof IMPORT_ENROLLMENT>['importEnrollment'];

export const IMPORT_OUTCOME = graphql(`
  query ImportOutcome($jobId: ID!) {
    importOutcome(jobId: $jobId) {
      jobId
      kind
      done
      rowCount
      schoolsCreated
      curatorsCreated
      passwordsGenerated
      enrollmentInserted
      enrollmentUpdated
      enrollmentUnchanged
      credentialsWaiting
    }
  }
`);

export type ImportOutcome = ResultOf<typeof IMPORT_OUTCOME>['importOutcome'];

export const TAKE_IMPORT_CREDENTIALS = graphql(`
  mutation TakeImportCredentials($jobId: ID!) {
    takeImportCredentials(jobId: $jobId) {
      line
      schoolCode
      email
      password
    }
  }
`);

// ---- enrollment, schedule, deadlines

export const ENROLLMENT_HISTORY = graphql(`
  query EnrollmentHistory($schoolId: ID!) {
    enrollmentHistory(schoolId: $schoolId) {
      id
      year
      students
      mentorBase
      version
    }
  }
`);

export const SET_ENROLLMENT = graphql(`
  mutation SetEnrollment($input: SetEnrollmentInput!) {
    setEnrollment(input: $input) {
      id
      year
      students
      mentorBase
      version
    }
  }
`);

export const REGION_TARGET_SCHEDULES = graphql(`
  query RegionTargetSchedules($regionId: ID!) {
    regionTargetSchedules(regionId: $regionId) {
      indicator
      source
      points {
        year
        percent
      }
    }
  }
`);

export const SET_REGION_TARGET_SCHEDULE = graphql(`
  mutation SetRegionTargetSchedule($input: SetRegionTargetScheduleInput!) {
    setRegionTargetSchedule(input: $input) {
      indicator
      source
      points {
        year
        percent
      }
    }
  }
`);

export const SET_REPORTING_DEADLINE = graphql(`
  mutation SetReportingDeadline($regionId: ID!, $year: Int!, $quarter: Int!, $deadline: String!) {
    setReportingDeadline(regionId: $regionId, year: $year, quarter: $quarter, deadline: $deadline) {
      regionId
      year
      quarter
      deadline
      defaultDeadline
    }
  }
`);

// ---- audit log

export const AUDIT_LOG = graphql(`
  query AuditLog(
    $regionId: ID
    $districtId: ID
    $schoolId: ID
    $actorUserId: ID
    $operation: String
    $from: String
    $to: String
    $first: Int!
    $offset: Int!
  ) {
    auditLog(
      regionId: $regionId
      districtId: $districtId
      schoolId: $schoolId
      actorUserId: $actorUserId
      operation: $operation
      from: $from
      to: $to
      first: $first
      offset: $offset
    ) {
      totalCount
      items {
        id
        occurredAt
        actorUserId
        actorRole
        regionId
        districtId
        schoolId
        operation
        targetType
        targetIds
        details
      }
    }
  }
`);

export type AuditEntry = ResultOf<typeof AUDIT_LOG>['auditLog']['items'][number];
