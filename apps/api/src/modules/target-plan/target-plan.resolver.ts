import { Args, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import { Roles } from '../../engine/auth/auth.decorators';
import { TargetPlanService } from './target-plan.service';
import { DistrictTargetPlan, DistrictTargetPlanArgs, SchoolTargetPlan, SchoolTargetPlanArgs } from './target-plan.types';

@Resolver()
export class TargetPlanResolver {
  constructor(private readonly plans: TargetPlanService) {}

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => DistrictTargetPlan, {
    description: "The district's target plan: a row per school (by code) with a cell per year, and the totals (ИТОГО)",
  })
  districtTargetPlan(@Args() args: DistrictTargetPlanArgs): Promise<DistrictTargetPlan> {
    return this.plans.districtPlan(args);
  }

  @Query(() => SchoolTargetPlan, { description: "A school's own target plan (its row of the district plan)" })
  schoolTargetPlan(@Args() args: SchoolTargetPlanArgs): Promise<SchoolTargetPlan> {
    return this.plans.schoolPlan(args);
  }
}
