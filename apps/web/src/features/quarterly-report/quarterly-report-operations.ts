// A school's quarterly report and its review by the district.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';
import type { NonNull } from '../../shared/api/operation';

export const QUARTERLY_REPORT_CATALOGUE = graphql(`
  query QuarterlyReportCatalogue($version: Int) {
    quarterlyReportCatalogue(version: $version) {
      version
      sections {
        code
        labelRu
      }
      elements {
        code
        labelRu
        section
        required
        measure
      }
    }
  }
`);

export type Catalogue = ResultOf<typeof QUARTERLY_REPORT_CATALOGUE>['quarterlyReportCatalogue'];
export type CatalogueElement = Catalogue['elements'][number];

export const QUARTERLY_REPORT = graphql(`
  query QuarterlyReport($schoolId: ID!, $year: Int!, $quarter: Int!) {
    quarterlyReport(schoolId: $schoolId, year: $year, quarter: $quarter) {
      id
      status
      version
      catalogueVersion
      comment
      submittedAt
      submittedLate
      figures {
        code
        value
      }
      warnings {
        code
        rule
        message
        registryValue
      }
      allowedActions
      revisions {
        version
        action
        status
        comment
        createdAt
        author {
          email
          displayName
        }
        changes {
          code
          from
          to
        }
      }
    }
  }
`);

export type QuarterlyReport = NonNull<ResultOf<typeof QUARTERLY_REPORT>['quarterlyReport']>;
export type Figure = QuarterlyReport['figures'][number];
export type FigureWarning = QuarterlyReport['warnings'][number];

export const SAVE_QUARTERLY_REPORT = graphql(`
  mutation SaveQuarterlyReport($input: SaveQuarterlyReportInput!) {
    saveQuarterlyReport(input: $input) {
      id
      status
      version
      catalogueVersion
      comment
      submittedAt
      submittedLate
      figures {
        code
        value
      }
      warnings {
        code
        rule
        message
        registryValue
      }
      allowedActions
      revisions {
        version
        action
        status
        comment
        createdAt
        author {
          email
          displayName
        }
        changes {
          code
          from
          to
        }
      }
    }
  }
`);

export const SUBMIT_QUARTERLY_REPORT = graphql(`
  mutation SubmitQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String) {
    submitQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) {
      id
      status
      version
      catalogueVersion
      comment
      submittedAt
      submittedLate
      figures {
        code
        value
      }
      warnings {
        code
        rule
        message
        registryValue
      }
      allowedActions
      revisions {
        version
        action
        status
        comment
        createdAt
        author {
          email
          displayName
        }
        changes {
          code
          from
          to
        }
      }
    }
  }
`);

export const APPROVE_QUARTERLY_REPORT = graphql(`
  mutation ApproveQuarterlyReport($id: ID!, $expectedVersion: Int!) {
    approveQuarterlyReport(id: $id, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);

export const RETURN_QUARTERLY_REPORT = graphql(`
  mutation ReturnQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
    returnQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) {
      id
      status
      version
    }
  }
`);

export const REOPEN_QUARTERLY_REPORT = graphql(`
  mutation ReopenQuarterlyReport($id: ID!, $expectedVersion: Int!, $comment: String!) {
    reopenQuarterlyReport(id: $id, expectedVersion: $expectedVersion, comment: $comment) {
      id
      status
      version
    }
  }
`);

export const DISTRICT_QUARTERLY_REPORTS = graphql(`
  query DistrictQuarterlyReports($districtId: ID!, $year: Int!, $quarter: Int!) {
    districtQuarterlyReports(districtId: $districtId, year: $year, quarter: $quarter) {
      schoolId
      schoolCode
      schoolName
      status
      report {
        id
        status
        version
        comment
        submittedAt
        submittedLate
        figures {
          code
          value
        }
        warnings {
          code
          rule
          message
        }
        allowedActions
      }
    }
  }
`);

export type DistrictReport = ResultOf<typeof DISTRICT_QUARTERLY_REPORTS>['districtQuarterlyReports'][number];
