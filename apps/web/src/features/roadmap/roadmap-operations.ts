// The district's roadmap matrix and a school's roadmap stages.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';
import type { NonNull } from '../../shared/api/operation';

export const UPDATE_ROADMAP_STAGE = graphql(`
  mutation UpdateRoadmapStage($input: UpdateRoadmapStageInput!) {
    updateRoadmapStage(input: $input) {
      id
      deadline
      version
    }
  }
`);

export const ROADMAP_MATRIX = graphql(`
  query RoadmapMatrix($districtId: ID!, $schoolYear: Int!) {
    roadmapMatrix(districtId: $districtId, schoolYear: $schoolYear) {
      roadmap {
        id
        title
        schoolYear
        asOf
        stages {
          id
          position
          code
          title
          deadline
          evidenceRequired
          version
          counts {
            done
            due
            overdue
            rejected
            total
          }
        }
      }
      rows {
        school {
          id
          code
          name
        }
        cells {
          stageId
          code
          deadline
          state
          completion {
            id
            state
            documentNumber
            documentDate
            note
            link
            completedAt
            reviewComment
            version
          }
        }
        summary {
          done
          due
          overdue
          rejected
          total
        }
      }
    }
  }
`);

export type RoadmapMatrix = NonNull<ResultOf<typeof ROADMAP_MATRIX>['roadmapMatrix']>;

export const PUBLISH_ROADMAP = graphql(`
  mutation PublishRoadmap($input: PublishRoadmapInput!) {
    publishRoadmap(input: $input) {
      id
    }
  }
`);

export const REJECT_ROADMAP_STAGE = graphql(`
  mutation RejectRoadmapStage($input: RejectRoadmapStageInput!) {
    rejectRoadmapStage(input: $input) {
      stageId
      state
    }
  }
`);

export const SCHOOL_ROADMAP = graphql(`
  query SchoolRoadmap($schoolId: ID!, $schoolYear: Int!) {
    schoolRoadmap(schoolId: $schoolId, schoolYear: $schoolYear) {
      roadmapId
      schoolYear
      title
      asOf
      stages {
        stageId
        position
        code
        title
        description
        deadline
        evidenceRequired
        state
        completion {
          id
          state
          documentNumber
          documentDate
          note
          link
          completedAt
          reviewComment
          version
        }
      }
      summary {
        done
        due
        overdue
        rejected
        total
      }
    }
  }
`);

export type SchoolRoadmapStage = NonNull<ResultOf<typeof SCHOOL_ROADMAP>['schoolRoadmap']>['stages'][number];

export const COMPLETE_ROADMAP_STAGE = graphql(`
  mutation CompleteRoadmapStage($input: CompleteRoadmapStageInput!) {
    completeRoadmapStage(input: $input) {
      stageId
      position
      code
      title
      description
      deadline
      evidenceRequired
      state
      completion {
        id
        state
        documentNumber
        documentDate
        note
        link
        completedAt
        reviewComment
        version
      }
    }
  }
`);
