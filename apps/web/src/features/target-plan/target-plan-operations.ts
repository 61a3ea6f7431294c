// The district's target plan and the region's target schedules.
// graphql() documents typed by `npm run codegen` (shared/api/generated); shared/api/operations.spec.ts
// validates every operations module against the committed SDL.
import type { ResultOf } from '@graphql-typed-document-node/core';
import { graphql } from '../../shared/api/generated';

export const DISTRICT_TARGET_PLAN = graphql(`
  query DistrictTargetPlan($districtId: ID!, $fromYear: Int!, $toYear: Int!) {
    districtTargetPlan(districtId: $districtId, fromYear: $fromYear, toYear: $toYear) {
      rows {
        school {
          id
          code
          name
        }
        cells {
          year
          students
          mentorBase
          menteeTarget
          mentorTarget
        }
      }
      totals {
        year
        students
        mentorBase
        menteeTarget
        mentorTarget
        sumOfSchoolMenteeTargets
        sumOfSchoolMentorTargets
      }
      schedules {
        indicator
        source
        points {
          year
          percent
        }
      }
    }
  }
`);

export type DistrictTargetPlan = ResultOf<typeof DISTRICT_TARGET_PLAN>['districtTargetPlan'];
export type PlanCell = DistrictTargetPlan['rows'][number]['cells'][number];
export type TargetSchedule = DistrictTargetPlan['schedules'][number];

export const SCHOOL_TARGET_PLAN = graphql(`
  query SchoolTargetPlan($schoolId: ID!, $fromYear: Int!, $toYear: Int!) {
    schoolTargetPlan(schoolId: $schoolId, fromYear: $fromYear, toYear: $toYear) {
      school {
        id
        code
        name
      }
      cells {
        year
        students
        mentorBase
        menteeTarget
        mentorTarget
      }
    }
  }
`);

export const TARGET_SCHEDULES = graphql(`
  query TargetSchedules($districtId: ID!) {
    targetSchedules(districtId: $districtId) {
      indicator
      source
      points {
        year
        percent
      }
    }
  }
`);

export const SET_TARGET_SCHEDULE = graphql(`
  mutation SetTargetSchedule($input: SetTargetScheduleInput!) {
    setTargetSchedule(input: $input) {
      indicator
      source
      points {
        year
        percent
      }
    }
  }
`);
