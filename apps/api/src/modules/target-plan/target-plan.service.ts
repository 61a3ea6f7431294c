import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@mm/database';
import { TARGET_INDICATORS } from '@mm/domain';
import { requirePlanRange, TargetPlanLoader, type EffectiveSchedules } from '@mm/planning';
import { Actor, actorScope } from '../../engine/auth/actor';
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
    private readonly db: TenantDatabase,
    private readonly scope: ScopePolicy,
    private readonly loader: TargetPlanLoader,
  ) {}

  /** The district's coordinator, the region's authority and admins. */
  async districtPlan(actor: Actor, args: DistrictTargetPlanArgs): Promise<DistrictTargetPlan> {
    asUserInput(() => requirePlanRange(args.fromYear, args.toYear));
    const district = await this.scope.district(actor, args.districtId);
    const plan = await this.db.transaction(actorScope(actor), (tx) =>
      this.loader.districtPlan(tx, district.id, { fromYear: args.fromYear, toYear: args.toYear }),
    );
    if (!plan) throw new Error(`district ${district.id} passed the scope check but is not visible to its transaction`);
    return { ...plan, schedules: scheduleTypes(plan.schedules) };
  }

  /** The school's curator and everyone above it. */
  async schoolPlan(actor: Actor, args: SchoolTargetPlanArgs): Promise<SchoolTargetPlan> {
    asUserInput(() => requirePlanRange(args.fromYear, args.toYear));
    const school = await this.scope.school(actor, args.schoolId);
    const plan = await this.db.transaction(actorScope(actor), (tx) =>
      this.loader.schoolPlan(tx, school.id, { fromYear: args.fromYear, toYear: args.toYear }),
    );
    if (!plan) throw new Error(`school ${school.id} passed the scope check but is not visible to its transaction`);
    return { ...plan, schedules: scheduleTypes(plan.schedules) };
  }
}

function scheduleTypes(schedules: EffectiveSchedules) {
  return TARGET_INDICATORS.map((indicator) => toScheduleType(schedules[indicator]));
}
