import { Injectable } from '@nestjs/common';
import {
  createTargetSchedule,
  DomainValidationError,
  formatPercent,
  parsePercent,
  TARGET_INDICATORS,
  type TargetIndicator,
  type TargetSchedule as DomainSchedule,
  type TargetSchedulePoint as DomainPoint,
} from '@mm/domain';
import { requirePlanYear, TargetScheduleRepository, type EffectiveSchedule } from '@mm/planning';
import { FieldProblem } from '../../engine/errors';
import { AuditLogService } from '@mm/database';
import { currentActor } from '../../engine/auth/actor';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { asUserInput, TargetPlanException } from './target-plan.exception';
import { SetRegionTargetScheduleInput, SetTargetScheduleInput, TargetSchedule, TargetSchedulePointInput } from './target-schedule.types';

/**
 * Target schedules: a region default per indicator, and district overrides. An override replaces
 * the region default of its indicator as a whole (see effectiveSchedulePointsSql in @mm/planning).
 */
@Injectable()
export class TargetScheduleService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly audit: AuditLogService,
    private readonly schedules: TargetScheduleRepository,
  ) {}

  /** Replaces the district's override of an indicator (no points: back to the region default). */
  async setDistrictSchedule(input: SetTargetScheduleInput): Promise<TargetSchedule> {
    const actor = currentActor();
    const schedule = parseSchedule(input.indicator, input.points);
    const district = await this.scope.district(input.districtId);
    const old = await this.schedules.replaceDistrictOverride(
      { districtId: district.id, regionId: district.regionId },
      schedule,
      actor.userId,
    );
    await this.audit.record({
      operation: 'target_schedule.set',
      targetType: 'District',
      targetIds: [district.id],
      regionId: district.regionId,
      districtId: district.id,
      details: { indicator: schedule.indicator, old: percents(old), new: percents(schedule.points) },
    });
    const effective = (await this.schedules.effectiveSchedules([district.id])).get(district.id)!;
    return toScheduleType(effective[schedule.indicator]);
  }

  /** Replaces the region default of an indicator (authorities of the region and admins). */
  async setRegionSchedule(input: SetRegionTargetScheduleInput): Promise<TargetSchedule> {
    const actor = currentActor();
    const schedule = parseSchedule(input.indicator, input.points);
    const region = await this.scope.region(input.regionId);
    const old = await this.schedules.replaceRegionDefault(region.id, schedule, actor.userId);
    await this.audit.record({
      operation: 'target_schedule.set_region_default',
      targetType: 'Region',
      targetIds: [region.id],
      regionId: region.id,
      details: { indicator: schedule.indicator, old: percents(old), new: percents(schedule.points) },
    });
    return toScheduleType({ schedule, source: 'REGION_DEFAULT' });
  }

  /** Both indicators' effective schedules of a district, each marked override or region default. */
  async districtSchedules(districtId: string): Promise<TargetSchedule[]> {
    const district = await this.scope.district(districtId);
    const effective = await (await this.schedules.effectiveSchedules([district.id])).get(district.id)!;
    return TARGET_INDICATORS.map((indicator) => toScheduleType(effective[indicator]));
  }

  /** The region's default schedules. */
  async regionSchedules(regionId: string): Promise<TargetSchedule[]> {
    const region = await this.scope.region(regionId);
    const defaults = await this.schedules.regionDefaults(region.id);
    return TARGET_INDICATORS.map((indicator) => toScheduleType({ schedule: defaults[indicator], source: 'REGION_DEFAULT' }));
  }
}

/**
 * Checks every point and reports every problem at once, each named `points[i].year` or
 * `points[i].percent`: years 2000–2100 and not repeated, percents 0–100 with at most two decimals.
 */
export function parseSchedule(indicator: TargetIndicator, points: readonly TargetSchedulePointInput[]): DomainSchedule {
  const problems: FieldProblem[] = [];
  const firstIndexOfYear = new Map<number, number>();
  points.forEach(({ year, percent }, i) => {
    const yearField = `points[${i}].year`;
    collect(problems, () => requirePlanYear(year, yearField));
    const first = firstIndexOfYear.get(year);
    if (first !== undefined) problems.push({ field: yearField, message: `year ${year} is already given in points[${first}]` });
    else firstIndexOfYear.set(year, i);
    collect(problems, () => parsePercent(percent, `points[${i}].percent`));
  });
  if (problems.length) throw TargetPlanException.invalid(problems);
  return asUserInput(() => createTargetSchedule(indicator, points));
}

function collect(problems: FieldProblem[], check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof DomainValidationError)) throw error;
    problems.push({ field: error.field, message: error.message });
  }
}

export function toScheduleType(effective: EffectiveSchedule): TargetSchedule {
  return {
    indicator: effective.schedule.indicator,
    source: effective.source,
    points: effective.schedule.points.map((point) => ({ year: point.year, percent: formatPercent(point.percentBp) })),
  };
}

function percents(points: readonly DomainPoint[]): { year: number; percent: number }[] {
  return points.map((point) => ({ year: point.year, percent: formatPercent(point.percentBp) }));
}
