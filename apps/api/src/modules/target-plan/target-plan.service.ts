import { Injectable } from '@nestjs/common';
import { TARGET_INDICATORS } from '@mm/domain';
import { requirePlanRange, TargetPlanLoader, type EffectiveSchedules } from '@mm/planning';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { asUserInput } from './target-plan.exception';
import { toScheduleType } from './target-schedule.service';
import { DistrictTargetPlan, DistrictTargetPlanArgs, SchoolTargetPlan, SchoolTargetPlanArgs } from './target-plan.types';

/**
 * Target plans computed on request from the enrollment and schedules committed now (no cache:
 * a change shows in the next read).
 */
@Injectable()
export class TargetPlanService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly loader: TargetPlanLoader,
  ) {}

  /** The district's coordinator, the region's authority and admins. */
  async districtPlan(args: DistrictTargetPlanArgs): Promise<DistrictTargetPlan> {
    asUserInput(() => requirePlanRange(args.fromYear, args.toYear));
    const district = await this.scope.district(args.districtId);
    const plan = await this.loader.districtPlan(district.id, { fromYear: args.fromYear, toYear: args.toYear });
    if (!plan) throw new Error(`district ${district.id} passed the scope check but is not visible to its transaction`);
    return { ...plan, schedules: scheduleTypes(plan.schedules) };
  }

  /** The school's curator and everyone above it. */
  async schoolPlan(args: SchoolTargetPlanArgs): Promise<SchoolTargetPlan> {
    asUserInput(() => requirePlanRange(args.fromYear, args.toYear));
    const school = await this.scope.school(args.schoolId);
    const plan = await this.loader.schoolPlan(school.id, { fromYear: args.fromYear, toYear: args.toYear });
    if (!plan) throw new Error(`school ${school.id} passed the scope check but is not visible to its transaction`);
    return { ...plan, schedules: scheduleTypes(plan.schedules) };
  }
}

function scheduleTypes(schedules: EffectiveSchedules) {
  return TARGET_INDICATORS.map((indicator) => toScheduleType(schedules[indicator]));
}
