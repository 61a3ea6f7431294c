// The school's registry of participants, consents and mentorings (contract registry.graphql).
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';

export const PARTICIPANTS = graphql(`
  query Participants($schoolId: ID!, $first: Int!, $offset: Int!, $withoutConsent: Boolean) {
    participants(schoolId: $schoolId, first: $first, offset: $offset, withoutConsent: $withoutConsent) {
      totalCount
      items {
        id
        kind
        fullName
        hasConsent
        grade
        youngSpecialist
        externalSource
        categories
        withdrawnOn
        consent {
          signedOn
          signedBy
          documentNumber
          withdrawnOn
        }
      }
    }
  }
`);

export type Participant = ResultOf<typeof PARTICIPANTS>['participants']['items'][number];

export const ADD_PARTICIPANT = graphql(`
  mutation AddParticipant($input: AddParticipantInput!) {
    addParticipant(input: $input) {
      id
      kind
      fullName
      hasConsent
      grade
      youngSpecialist
      externalSource
      categories
      withdrawnOn
      consent {
        signedOn
        signedBy
        documentNumber
        withdrawnOn
      }
    }
  }
`);

export const RECORD_CONSENT = graphql(`
  mutation RecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id
      kind
      fullName
      hasConsent
      grade
      youngSpecialist
      externalSource
      categories
      withdrawnOn
      consent {
        signedOn
        signedBy
        documentNumber
        withdrawnOn
      }
    }
  }
`);

export const WITHDRAW_CONSENT = graphql(`
  mutation WithdrawConsent($participantId: ID!, $withdrawnOn: String!) {
    withdrawConsent(participantId: $participantId, withdrawnOn: $withdrawnOn) {
      id
      kind
      fullName
      hasConsent
      grade
      youngSpecialist
      externalSource
      categories
      withdrawnOn
      consent {
        signedOn
        signedBy
        documentNumber
        withdrawnOn
      }
    }
  }
`);

export const MENTORINGS = graphql(`
  query Mentorings($schoolId: ID!, $first: Int!, $offset: Int!) {
    mentorings(schoolId: $schoolId, first: $first, offset: $offset) {
      totalCount
      items {
        id
        form
        isGroup
        startedOn
        endedOn
        members {
          participantId
          role
          kind
          fullName
          leftOn
        }
      }
    }
  }
`);

export type Mentoring = ResultOf<typeof MENTORINGS>['mentorings']['items'][number];

export const START_MENTORING = graphql(`
  mutation StartMentoring($input: StartMentoringInput!) {
    startMentoring(input: $input) {
      id
      form
      isGroup
      startedOn
      endedOn
      members {
        participantId
        role
        kind
        fullName
        leftOn
      }
    }
  }
`);

export const END_MENTORING = graphql(`
  mutation EndMentoring($id: ID!, $endedOn: String!) {
    endMentoring(id: $id, endedOn: $endedOn) {
      id
      form
      isGroup
      startedOn
      endedOn
      members {
        participantId
        role
        kind
        fullName
        leftOn
      }
    }
  }
`);

export const REGISTRY_FIGURES = graphql(`
  query RegistryFigures($schoolId: ID!, $year: Int!, $quarter: Int!) {
    registryFigures(schoolId: $schoolId, year: $year, quarter: $quarter) {
      code
      value
    }
  }
`);

export const IMPORT_REGISTRY = graphql(`
  mutation ImportRegistry($input: ImportRegistryInput!) {
    importRegistry(input: $input) {
      dryRun
      imported
      rowCount
      participants
      consents
      mentorings
      errors {
        line
        field
        message
      }
    }
  }
`);

export type RegistryImportResult = ResultOf<typeof IMPORT_REGISTRY>['importRegistry'];

export const REGISTRY_EXPORT = graphql(`
  query RegistryExport($schoolId: ID!) {
    registryExport(schoolId: $schoolId) {
      fileName
      contentBase64
      rowCount
    }
  }
`);
