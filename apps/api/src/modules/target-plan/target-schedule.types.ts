import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsUUID, ValidateNested } from 'class-validator';
import { TARGET_INDICATORS, type TargetIndicator } from '@mm/domain';
import type { ScheduleSource } from '@mm/planning';
import { PLAN_MAX_YEAR, PLAN_MIN_YEAR } from '@mm/planning';

/** The GraphQL enum of @mm/domain's target indicators (one value per indicator, same names). */
export const TargetIndicatorEnum = {
  MENTEE_COVERAGE: 'MENTEE_COVERAGE',
  STUDENT_MENTORS: 'STUDENT_MENTORS',
} as const satisfies Record<TargetIndicator, TargetIndicator>;

registerEnumType(TargetIndicatorEnum, {
  name: 'TargetIndicator',
  description: 'What a target counts',
  valuesMap: {
    MENTEE_COVERAGE: { description: "Students engaged as mentees, as a percent of the school's students" },
    STUDENT_MENTORS: { description: "Students acting as mentors, as a percent of the school's mentor base" },
  },
});

export const ScheduleSourceEnum = {
  DISTRICT_OVERRIDE: 'DISTRICT_OVERRIDE',
  REGION_DEFAULT: 'REGION_DEFAULT',
} as const satisfies Record<ScheduleSource, ScheduleSource>;

registerEnumType(ScheduleSourceEnum, {
  name: 'TargetScheduleSource',
  description: 'Where an effective schedule comes from',
  valuesMap: {
    DISTRICT_OVERRIDE: {
      description: "The district's own points: they replace the region default of that indicator entirely, for every year",
    },
    REGION_DEFAULT: { description: 'The region default (the district has no point of its own for the indicator)' },
  },
});

@ObjectType()
export class TargetSchedulePoint {
  @Field(() => Int) year: number;
  @Field(() => Float, { description: 'Percent, at most two decimals (29.5 means 29.5 %)' }) percent: number;
}

@ObjectType({ description: 'The yearly percents of one indicator. A year without a point has no target.' })
export class TargetSchedule {
  @Field(() => TargetIndicatorEnum) indicator: TargetIndicator;
  @Field(() => ScheduleSourceEnum) source: ScheduleSource;
  @Field(() => [TargetSchedulePoint]) points: TargetSchedulePoint[];
}

@InputType()
export class TargetSchedulePointInput {
  @Field(() => Int, { description: `Calendar year, ${PLAN_MIN_YEAR}–${PLAN_MAX_YEAR}` })
  @IsInt()
  year: number;

  @Field(() => Float, { description: 'Percent from 0 to 100 with at most two decimals' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  percent: number;
}

// Year ranges, percent decimals and duplicate years are checked by the service, which names
// each failing point as `points[i].year` / `points[i].percent`.
@InputType()
export class SetTargetScheduleInput {
  @Field(() => ID) @IsUUID('loose') districtId: string;

  @Field(() => TargetIndicatorEnum) @IsIn(TARGET_INDICATORS) indicator: TargetIndicator;

  @Field(() => [TargetSchedulePointInput], {
    description: "The district's whole schedule of the indicator; an empty list removes the override (back to the region default)",
  })
  @IsArray()
  @ArrayMaxSize(PLAN_MAX_YEAR - PLAN_MIN_YEAR + 1)
  @ValidateNested({ each: true })
  @Type(() => TargetSchedulePointInput)
  points: TargetSchedulePointInput[];
}

@InputType()
export class SetRegionTargetScheduleInput {
  @Field(() => ID) @IsUUID('loose') regionId: string;

  @Field(() => TargetIndicatorEnum) @IsIn(TARGET_INDICATORS) indicator: TargetIndicator;

  @Field(() => [TargetSchedulePointInput], { description: "The region default's whole schedule of the indicator" })
  @IsArray()
  @ArrayMaxSize(PLAN_MAX_YEAR - PLAN_MIN_YEAR + 1)
  @ValidateNested({ each: true })
  @Type(() => TargetSchedulePointInput)
  points: TargetSchedulePointInput[];
}
