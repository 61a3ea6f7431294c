// Reporting periods, district sign-off, extensions and the region's reporting settings (contract workflow.graphql).
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';

export const REPORTING_PERIOD = graphql(`
  query ReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
    reportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) {
      regionId
      year
      quarter
      deadline
      defaultDeadline
      deadlinePassed
      closed
      closedAt
    }
  }
`);

export const CLOSE_REPORTING_PERIOD = graphql(`
  mutation CloseReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
    closeReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) {
      regionId
      year
      quarter
      deadline
      defaultDeadline
      deadlinePassed
      closed
      closedAt
    }
  }
`);

export const REOPEN_REPORTING_PERIOD = graphql(`
  mutation ReopenReportingPeriod($regionId: ID!, $year: Int!, $quarter: Int!) {
    reopenReportingPeriod(regionId: $regionId, year: $year, quarter: $quarter) {
      regionId
      year
      quarter
      deadline
      defaultDeadline
      deadlinePassed
      closed
      closedAt
    }
  }
`);

export const DISTRICT_QUARTER = graphql(`
  query DistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
    districtQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
      districtId
      year
      quarter
      state
      version
      comment
      signedOffAt
      decidedAt
      missingSchools {
        schoolId
        code
        name
      }
      revisions {
        version
        action
        state
        comment
        authorRole
        createdAt
      }
    }
  }
`);

export type DistrictQuarter = ResultOf<typeof DISTRICT_QUARTER>['districtQuarter'];

export const SIGN_OFF_DISTRICT_QUARTER = graphql(`
  mutation SignOffDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
    signOffDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
      districtId
      year
      quarter
      state
      version
      comment
      signedOffAt
      decidedAt
      missingSchools {
        schoolId
        code
        name
      }
      revisions {
        version
        action
        state
        comment
        authorRole
        createdAt
      }
    }
  }
`);

export const ACCEPT_DISTRICT_QUARTER = graphql(`
  mutation AcceptDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!) {
    acceptDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter) {
      districtId
      year
      quarter
      state
      version
      comment
      signedOffAt
      decidedAt
      missingSchools {
        schoolId
        code
        name
      }
      revisions {
        version
        action
        state
        comment
        authorRole
        createdAt
      }
    }
  }
`);

export const SEND_BACK_DISTRICT_QUARTER = graphql(`
  mutation SendBackDistrictQuarter($districtId: ID!, $year: Int!, $quarter: Int!, $comment: String!) {
    sendBackDistrictQuarter(districtId: $districtId, year: $year, quarter: $quarter, comment: $comment) {
      districtId
      year
      quarter
      state
      version
      comment
      signedOffAt
      decidedAt
      missingSchools {
        schoolId
        code
        name
      }
      revisions {
        version
        action
        state
        comment
        authorRole
        createdAt
      }
    }
  }
`);

export const REPORTING_EXTENSIONS = graphql(`
  query ReportingExtensions($districtId: ID!, $year: Int!, $quarter: Int!) {
    reportingExtensions(districtId: $districtId, year: $year, quarter: $quarter) {
      id
      schoolId
      schoolCode
      schoolName
      year
      quarter
      until
      reason
      grantedAt
      revokedAt
      inForce
    }
  }
`);

export const GRANT_REPORTING_EXTENSION = graphql(`
  mutation GrantReportingExtension($input: GrantReportingExtensionInput!) {
    grantReportingExtension(input: $input) {
      id
      schoolId
      schoolCode
      schoolName
      year
      quarter
      until
      reason
      grantedAt
      revokedAt
      inForce
    }
  }
`);

export const REVOKE_REPORTING_EXTENSION = graphql(`
  mutation RevokeReportingExtension($schoolId: ID!, $year: Int!, $quarter: Int!) {
    revokeReportingExtension(schoolId: $schoolId, year: $year, quarter: $quarter) {
      id
      schoolId
      schoolCode
      schoolName
      year
      quarter
      until
      reason
      grantedAt
      revokedAt
      inForce
    }
  }
`);

export const REGION_REPORTING_SETTINGS = graphql(`
  query RegionReportingSettings($regionId: ID!) {
    regionReportingSettings(regionId: $regionId) {
      regionId
      autoCloseDays
      reminderDaysBefore
      version
    }
  }
`);

export type RegionReportingSettings = ResultOf<typeof REGION_REPORTING_SETTINGS>['regionReportingSettings'];

export const SET_REGION_REPORTING_SETTINGS = graphql(`
  mutation SetRegionReportingSettings($input: SetRegionReportingSettingsInput!) {
    setRegionReportingSettings(input: $input) {
      regionId
      autoCloseDays
      reminderDaysBefore
      version
    }
  }
`);

export const SCHOOL_REPORTING_EXTENSION = graphql(`
  query SchoolReportingExtension($schoolId: ID!, $year: Int!, $quarter: Int!) {
    schoolReportingExtension(schoolId: $schoolId, year: $year, quarter: $quarter) {
      id
      schoolId
      schoolCode
      schoolName
      year
      quarter
      until
      reason
      grantedAt
      revokedAt
      inForce
    }
  }
`);
