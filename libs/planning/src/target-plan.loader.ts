import { buildTargetPlan, type TargetPlanCell, type TargetPlanRow, type TargetPlanTotal } from '@mm/domain';
import { EnrollmentRepository } from './enrollment.repository';
import { PlanScopeRepository, type PlanDistrict, type PlanSchool } from './plan-scope.repository';
import { lastScheduledYear, MAX_PLAN_SPAN_YEARS, PLAN_MAX_YEAR, requirePlanRange, requirePlanYear } from './plan-years';
import { TargetScheduleRepository, type EffectiveSchedules } from './target-schedule.repository';

/**
 * The years of a plan. Without `toYear` the plan runs to the last year of the effective schedules
 * (of all districts loaded together, so a region's plans share their columns), capped at
 * MAX_PLAN_SPAN_YEARS.
 */
export interface PlanYears {
  fromYear: number;
  toYear?: number;
}

/** A district's plan: a row per active school (by code), a cell per year, the totals row (ИТОГО). */
export interface DistrictTargetPlan {
  district: PlanDistrict;
  fromYear: number;
  toYear: number;
  /** The schedules the targets were computed with, and whether each is the district's override. */
  schedules: EffectiveSchedules;
  rows: TargetPlanRow[];
  totals: TargetPlanTotal[];
}

export interface SchoolTargetPlan {
  school: PlanSchool;
  fromYear: number;
  toYear: number;
  schedules: EffectiveSchedules;
  cells: TargetPlanCell[];
}

/**
 * Loads what a target plan needs in a fixed number of set-based queries — districts, their
 * schools, their enrollments, their effective schedules — however many districts are asked for,
 * and computes the plans with @mm/domain's buildTargetPlan. Nothing is cached: a plan always
 * reflects the enrollment and schedules committed when it is read. Used by the API and by the
 * worker's TARGET_PLAN export; runs in the caller's scoped transaction (RLS applies).
 */
export class TargetPlanLoader {
  constructor(
    private readonly places: PlanScopeRepository = new PlanScopeRepository(),
    private readonly enrollments: EnrollmentRepository = new EnrollmentRepository(),
    private readonly schedules: TargetScheduleRepository = new TargetScheduleRepository(),
  ) {}

  /** One district's plan; null when the district is not visible to the transaction. */
  async districtPlan(districtId: string, years: PlanYears): Promise<DistrictTargetPlan | null> {
    const [plan] = await this.districtPlans([districtId], years);
    return plan ?? null;
  }

  /** Plans of many districts at once (those visible to the transaction), ordered by district code. */
  async districtPlans(districtIds: readonly string[], years: PlanYears): Promise<DistrictTargetPlan[]> {
    const districts = await this.places.districtsByIds([...new Set(districtIds)]);
    return this.plansOf(districts, years);
  }

  /** Plans of every active district of a region, ordered by district code. */
  async regionPlans(regionId: string, years: PlanYears): Promise<DistrictTargetPlan[]> {
    const districts = await this.places.districtsOfRegion(regionId);
    return this.plansOf(districts, years);
  }

  /** A school's own plan (its row of the district plan); null when the school is not visible. */
  async schoolPlan(schoolId: string, years: PlanYears): Promise<SchoolTargetPlan | null> {
    const school = await this.places.schoolById(schoolId);
    if (!school) return null;
    const schedules = (await this.schedules.effectiveSchedules([school.districtId])).get(school.districtId)!;
    const { fromYear, toYear } = resolveYears(years, [schedules]);
    const enrollments = await this.enrollments.recordsOfSchools([school.id], toYear);
    const plan = buildTargetPlan({
      schools: [{ id: school.id, code: school.code, name: school.name }],
      enrollments,
      menteeSchedule: schedules.MENTEE_COVERAGE.schedule,
      mentorSchedule: schedules.STUDENT_MENTORS.schedule,
      fromYear,
      toYear,
    });
    return { school, fromYear, toYear, schedules, cells: plan.rows[0]!.cells };
  }

  private async plansOf(districts: readonly PlanDistrict[], years: PlanYears): Promise<DistrictTargetPlan[]> {
    if (districts.length === 0) {
      resolveYears(years, []);
      return [];
    }
    const districtIds = districts.map((d) => d.id);
    const schedulesByDistrict = await this.schedules.effectiveSchedules(districtIds);
    const { fromYear, toYear } = resolveYears(years, [...schedulesByDistrict.values()]);
    const schools = await this.places.schoolsOfDistricts(districtIds);
    const enrollments = await this.enrollments.recordsOfDistricts(districtIds, toYear);
    const schoolsByDistrict = new Map<string, PlanSchool[]>();
    for (const school of schools) {
      let list = schoolsByDistrict.get(school.districtId);
      if (!list) schoolsByDistrict.set(school.districtId, (list = []));
      list.push(school);
    }
    return districts.map((district) => {
      const schedules = schedulesByDistrict.get(district.id)!;
      const districtSchools = schoolsByDistrict.get(district.id) ?? [];
      const plan = buildTargetPlan({
        schools: districtSchools.map(({ id, code, name }) => ({ id, code, name })),
        enrollments,
        menteeSchedule: schedules.MENTEE_COVERAGE.schedule,
        mentorSchedule: schedules.STUDENT_MENTORS.schedule,
        fromYear,
        toYear,
      });
      return { district, fromYear, toYear, schedules, rows: plan.rows, totals: plan.totals };
    });
  }
}

function resolveYears(years: PlanYears, schedules: readonly EffectiveSchedules[]): { fromYear: number; toYear: number } {
  const { fromYear } = years;
  requirePlanYear(fromYear, 'fromYear');
  const toYear =
    years.toYear ??
    Math.min(
      lastScheduledYear(
        schedules.flatMap((s) => [s.MENTEE_COVERAGE.schedule, s.STUDENT_MENTORS.schedule]),
        fromYear,
      ),
      fromYear + MAX_PLAN_SPAN_YEARS - 1,
      PLAN_MAX_YEAR,
    );
  requirePlanRange(fromYear, toYear);
  return { fromYear, toYear };
}
