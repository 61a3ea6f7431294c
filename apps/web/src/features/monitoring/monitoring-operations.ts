// Monitoring of districts, schools and regions, and reporting completeness.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';
import type { NonNull } from '../../shared/api/operation';

export const RUN_MONITORING = graphql(`
  mutation RunMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
    runMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
      id
      state
    }
  }
`);

export const DISTRICT_MONITORING = graphql(`
  query DistrictMonitoring($districtId: ID!, $year: Int!, $quarter: Int!) {
    districtMonitoring(districtId: $districtId, year: $year, quarter: $quarter) {
      computedAt
      expectedProgressPercent
      totals {
        students
        mentees
        mentors
        menteeTarget
        mentorTarget
        coveragePercent
        progressPercent
        expectedProgressPercent
        schoolCount
        reportedSchoolCount
        notReportedSchoolCount
      }
      schools {
        school {
          id
          code
          name
        }
        reportStatus
        status
        students
        mentees
        mentors
        menteeTarget
        mentorTarget
        coveragePercent
        progressPercent
        expectedProgressPercent
        menteesDelta
      }
      notReported {
        id
        code
        name
      }
    }
  }
`);

export type DistrictMonitoring = NonNull<ResultOf<typeof DISTRICT_MONITORING>['districtMonitoring']>;
export type MonitoringTotals = DistrictMonitoring['totals'];
export type SchoolMonitoringRow = DistrictMonitoring['schools'][number];

export const SCHOOL_MONITORING = graphql(`
  query SchoolMonitoring($schoolId: ID!, $year: Int!, $quarter: Int!) {
    schoolMonitoring(schoolId: $schoolId, year: $year, quarter: $quarter) {
      school {
        id
        code
        name
      }
      year
      quarter
      computedAt
      reportStatus
      status
      students
      mentees
      mentors
      menteeTarget
      mentorTarget
      coveragePercent
      progressPercent
      expectedProgressPercent
      menteesDelta
    }
  }
`);

export const REGION_MONITORING = graphql(`
  query RegionMonitoring($regionId: ID!, $year: Int!, $quarter: Int!) {
    regionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) {
      computedAt
      expectedProgressPercent
      totals {
        students
        mentees
        mentors
        menteeTarget
        mentorTarget
        coveragePercent
        progressPercent
        expectedProgressPercent
        schoolCount
        reportedSchoolCount
        notReportedSchoolCount
        districtCount
      }
      districts {
        district {
          id
          code
          name
        }
        status
        students
        mentees
        mentors
        menteeTarget
        mentorTarget
        coveragePercent
        progressPercent
        expectedProgressPercent
        schoolCount
        reportedSchoolCount
        notReportedSchoolCount
      }
    }
  }
`);

export type RegionMonitoring = NonNull<ResultOf<typeof REGION_MONITORING>['regionMonitoring']>;

export const RUN_REGION_MONITORING = graphql(`
  mutation RunRegionMonitoring($regionId: ID!, $year: Int!, $quarter: Int!) {
    runRegionMonitoring(regionId: $regionId, year: $year, quarter: $quarter) {
      id
      state
    }
  }
`);

export const REPORTING_COMPLETENESS = graphql(`
  query ReportingCompleteness($regionId: ID!, $year: Int!, $quarter: Int!) {
    reportingCompleteness(regionId: $regionId, year: $year, quarter: $quarter) {
      expected
      submitted
      onTime
      approved
      submittedRate
      onTimeRate
      deadline
      districts {
        district {
          id
          code
          name
        }
        signOffState
        expected
        submitted
        onTime
        approved
        submittedRate
        onTimeRate
      }
    }
  }
`);

/** The completeness figures a region's totals, each district's row and a district's trend share. */
export type CompletenessFigures = Pick<
  ResultOf<typeof REPORTING_COMPLETENESS>['reportingCompleteness'],
  'expected' | 'submitted' | 'onTime' | 'approved' | 'submittedRate' | 'onTimeRate'
>;

export const DISTRICT_COMPLETENESS_TREND = graphql(`
  query DistrictCompletenessTrend($districtId: ID!, $year: Int!, $quarter: Int!, $quarters: Int) {
    districtCompletenessTrend(districtId: $districtId, year: $year, quarter: $quarter, quarters: $quarters) {
      year
      quarter
      deadline
      signOffState
      expected
      submitted
      onTime
      approved
      submittedRate
      onTimeRate
    }
  }
`);
