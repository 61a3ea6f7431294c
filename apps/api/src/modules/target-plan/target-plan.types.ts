import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_PLAN_SPAN_YEARS, PLAN_MAX_YEAR, PLAN_MIN_YEAR } from '@mm/planning';
import { TargetSchedule } from './target-schedule.types';

@ObjectType({ description: 'A school as a row of a target plan' })
export class TargetPlanSchool {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
}

@ObjectType()
export class TargetPlanDistrict {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
}

@ObjectType({
  description:
    'A school and year. Bases are the enrollment of the year or the latest earlier one; all four are null without any. ' +
    'A target is null when the schedule has no percent for the year.',
})
export class TargetPlanCell {
  @Field(() => Int) year: number;
  @Field(() => Int, { nullable: true }) students: number | null;
  @Field(() => Int, { nullable: true, description: "The mentor base, or the school's students when it keeps none" })
  mentorBase: number | null;
  @Field(() => Int, { nullable: true, description: 'roundHalfUp(mentee percent × students / 100)' }) menteeTarget: number | null;
  @Field(() => Int, { nullable: true, description: 'roundHalfUp(mentor percent × mentor base / 100)' }) mentorTarget: number | null;
}

@ObjectType()
export class TargetPlanRow {
  @Field(() => TargetPlanSchool) school: TargetPlanSchool;
  @Field(() => [TargetPlanCell]) cells: TargetPlanCell[];
}

@ObjectType({
  description:
    "The district total (ИТОГО) of a year: targets from the district's total bases, as a district order computes them; " +
    'the sums of the rounded school targets beside them can differ by a few units.',
})
export class TargetPlanTotal {
  @Field(() => Int) year: number;
  @Field(() => Int, { nullable: true }) students: number | null;
  @Field(() => Int, { nullable: true }) mentorBase: number | null;
  @Field(() => Int, { nullable: true }) menteeTarget: number | null;
  @Field(() => Int, { nullable: true }) mentorTarget: number | null;
  @Field(() => Int, { nullable: true }) sumOfSchoolMenteeTargets: number | null;
  @Field(() => Int, { nullable: true }) sumOfSchoolMentorTargets: number | null;
}

@ObjectType()
export class DistrictTargetPlan {
  @Field(() => TargetPlanDistrict) district: TargetPlanDistrict;
  @Field(() => Int) fromYear: number;
  @Field(() => Int) toYear: number;
  @Field(() => [TargetSchedule], { description: 'The effective schedules the targets come from' }) schedules: TargetSchedule[];
  @Field(() => [TargetPlanRow], { description: 'One row per active school, by school code' }) rows: TargetPlanRow[];
  @Field(() => [TargetPlanTotal]) totals: TargetPlanTotal[];
}

@ObjectType()
export class SchoolTargetPlan {
  @Field(() => TargetPlanSchool) school: TargetPlanSchool;
  @Field(() => Int) fromYear: number;
  @Field(() => Int) toYear: number;
  @Field(() => [TargetSchedule]) schedules: TargetSchedule[];
  @Field(() => [TargetPlanCell]) cells: TargetPlanCell[];
}

@ArgsType()
export class DistrictTargetPlanArgs {
  @Field(() => ID) @IsUUID('loose') districtId: string;
  @Field(() => Int) @IsInt() @Min(PLAN_MIN_YEAR) @Max(PLAN_MAX_YEAR) fromYear: number;
  @Field(() => Int, { description: `At least fromYear; a plan spans at most ${MAX_PLAN_SPAN_YEARS} years` })
  @IsInt()
  @Min(PLAN_MIN_YEAR)
  @Max(PLAN_MAX_YEAR)
  toYear: number;
}

@ArgsType()
export class SchoolTargetPlanArgs {
  @Field(() => ID) @IsUUID('loose') schoolId: string;
  @Field(() => Int) @IsInt() @Min(PLAN_MIN_YEAR) @Max(PLAN_MAX_YEAR) fromYear: number;
  @Field(() => Int) @IsInt() @Min(PLAN_MIN_YEAR) @Max(PLAN_MAX_YEAR) toYear: number;
}

@ArgsType()
export class DistrictArgs {
  @Field(() => ID) @IsUUID('loose') districtId: string;
}

@ArgsType()
export class RegionArgs {
  @Field(() => ID) @IsUUID('loose') regionId: string;
}
