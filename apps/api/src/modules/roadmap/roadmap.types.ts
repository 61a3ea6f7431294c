import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { RoadmapCompletionState as CompletionState, RoadmapStageState as StageState } from '@mm/domain';

export enum RoadmapStageState {
  DONE = 'DONE',
  DUE = 'DUE',
  OVERDUE = 'OVERDUE',
  REJECTED = 'REJECTED',
}
registerEnumType(RoadmapStageState, {
  name: 'RoadmapStageState',
  description:
    'A stage for a school: DONE; REJECTED (evidence rejected, to be completed again); OVERDUE (not done, deadline passed); DUE otherwise',
});

export enum RoadmapCompletionState {
  DONE = 'DONE',
  REJECTED = 'REJECTED',
}
registerEnumType(RoadmapCompletionState, { name: 'RoadmapCompletionState' });

// The GraphQL enums and the domain's unions must stay the same sets of values.
const _stateCheck: Record<StageState, RoadmapStageState> = RoadmapStageState;
const _completionCheck: Record<CompletionState, RoadmapCompletionState> = RoadmapCompletionState;
void _stateCheck;
void _completionCheck;

@ObjectType({ description: "How many of the district's schools are in each state for a stage (or, for a school, how many stages)" })
export class RoadmapStageCounts {
  @Field(() => Int) done: number;
  @Field(() => Int) due: number;
  @Field(() => Int) overdue: number;
  @Field(() => Int) rejected: number;
  @Field(() => Int) total: number;
}

@ObjectType({ description: "A stage of a district's roadmap (этап дорожной карты)" })
export class RoadmapStage {
  @Field(() => ID) id: string;
  @Field(() => ID) roadmapId: string;
  @Field(() => Int, { description: '1, 2, …: the order of the stages' }) position: number;
  @Field({ description: "I … VII, or the district's own" }) code: string;
  @Field() title: string;
  @Field() description: string;
  @Field({ description: 'YYYY-MM-DD; the stage is overdue for a school that has not done it from the next day (Moscow time)' })
  deadline: string;
  @Field() evidenceRequired: boolean;
  @Field(() => Int) version: number;
  @Field() updatedAt: Date;
  @Field(() => RoadmapStageCounts, { description: "Over the district's active schools, as of the roadmap's asOf day" })
  counts: RoadmapStageCounts;
}

@ObjectType({ description: "A district's roadmap for a school year (дорожная карта)" })
export class Roadmap {
  @Field(() => ID) id: string;
  @Field(() => ID) regionId: string;
  @Field(() => ID) districtId: string;
  @Field(() => Int, { description: '2025 means 2025/2026 (1 September 2025 – 31 August 2026)' }) schoolYear: number;
  @Field() title: string;
  @Field() publishedAt: Date;
  @Field(() => Int) version: number;
  @Field({ description: 'The day (YYYY-MM-DD) the states and counts are computed for' }) asOf: string;
  @Field(() => Int, { description: 'Active schools of the district: every one must pass every stage' }) schoolCount: number;
  @Field(() => [RoadmapStage]) stages: RoadmapStage[];
}

@ObjectType({ description: 'A school as a row of a roadmap matrix' })
export class RoadmapSchool {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
}

@ObjectType({ description: "What a school recorded for a stage, and the district's rejection if any" })
export class RoadmapStageCompletion {
  @Field(() => ID) id: string;
  @Field(() => ID) stageId: string;
  @Field(() => ID) schoolId: string;
  @Field(() => RoadmapCompletionState) state: RoadmapCompletionState;
  @Field(() => String, { nullable: true }) documentNumber: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) documentDate: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => String, { nullable: true }) link: string | null;
  @Field(() => ID, { nullable: true }) completedBy: string | null;
  @Field({ description: 'When the school (last) marked the stage done' }) completedAt: Date;
  @Field(() => ID, { nullable: true }) reviewedBy: string | null;
  @Field(() => Date, { nullable: true, description: 'When the district rejected it (cleared when the school completes it again)' })
  reviewedAt: Date | null;
  @Field(() => String, { nullable: true }) reviewComment: string | null;
  @Field(() => Int) version: number;
}

@ObjectType({ description: "A stage as a school sees it: its state and the school's completion" })
export class SchoolRoadmapStage {
  @Field(() => ID) stageId: string;
  @Field(() => Int) position: number;
  @Field() code: string;
  @Field() title: string;
  @Field() description: string;
  @Field({ description: 'YYYY-MM-DD' }) deadline: string;
  @Field() evidenceRequired: boolean;
  @Field(() => RoadmapStageState) state: RoadmapStageState;
  @Field(() => RoadmapStageCompletion, { nullable: true }) completion: RoadmapStageCompletion | null;
}

@ObjectType({ description: "A school's own list of the stages of its district's roadmap" })
export class SchoolRoadmap {
  @Field(() => ID) roadmapId: string;
  @Field(() => Int) schoolYear: number;
  @Field() title: string;
  @Field({ description: 'The day (YYYY-MM-DD) the states are computed for' }) asOf: string;
  @Field(() => RoadmapSchool) school: RoadmapSchool;
  @Field(() => [SchoolRoadmapStage]) stages: SchoolRoadmapStage[];
  @Field(() => RoadmapStageCounts, { description: 'How many of the stages are in each state' }) summary: RoadmapStageCounts;
}

@ObjectType({ description: 'A school × stage cell of the matrix' })
export class RoadmapMatrixCell {
  @Field(() => ID) stageId: string;
  @Field() code: string;
  @Field({ description: 'YYYY-MM-DD' }) deadline: string;
  @Field(() => RoadmapStageState) state: RoadmapStageState;
  @Field(() => RoadmapStageCompletion, { nullable: true, description: 'Completion date, document, rejection' })
  completion: RoadmapStageCompletion | null;
}

@ObjectType()
export class RoadmapMatrixRow {
  @Field(() => RoadmapSchool) school: RoadmapSchool;
  @Field(() => [RoadmapMatrixCell], { description: 'One per stage, in the order of the stages' }) cells: RoadmapMatrixCell[];
  @Field(() => RoadmapStageCounts, { description: "How many of the school's stages are in each state" }) summary: RoadmapStageCounts;
}

@ObjectType({ description: "The district's schools × the roadmap's stages" })
export class RoadmapMatrix {
  @Field(() => Roadmap) roadmap: Roadmap;
  @Field(() => [RoadmapMatrixRow], { description: 'Active schools of the district, by code' }) rows: RoadmapMatrixRow[];
}
