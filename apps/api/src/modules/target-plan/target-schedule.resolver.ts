import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { DistrictArgs, RegionArgs } from './target-plan.types';
import { TargetScheduleService } from './target-schedule.service';
import { SetRegionTargetScheduleInput, SetTargetScheduleInput, TargetSchedule } from './target-schedule.types';

@Resolver(() => TargetSchedule)
export class TargetScheduleResolver {
  constructor(private readonly schedules: TargetScheduleService) {}

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => TargetSchedule, {
    description:
      "Replaces the district's own schedule of an indicator and returns the district's effective schedule. " +
      'An override replaces the region default of that indicator for every year; empty points remove it.',
  })
  setTargetSchedule(@Args('input') input: SetTargetScheduleInput): Promise<TargetSchedule> {
    return this.schedules.setDistrictSchedule(input);
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => TargetSchedule, { description: "Replaces the region's default schedule of an indicator" })
  setRegionTargetSchedule(@Args('input') input: SetRegionTargetScheduleInput): Promise<TargetSchedule> {
    return this.schedules.setRegionSchedule(input);
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => [TargetSchedule], { description: "The district's effective schedules of both indicators" })
  targetSchedules(@Args() args: DistrictArgs): Promise<TargetSchedule[]> {
    return this.schedules.districtSchedules(args.districtId);
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Query(() => [TargetSchedule], { description: "The region's default schedules of both indicators" })
  regionTargetSchedules(@Args() args: RegionArgs): Promise<TargetSchedule[]> {
    return this.schedules.regionSchedules(args.regionId);
  }
}
