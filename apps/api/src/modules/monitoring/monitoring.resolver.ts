import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '@mm/database';
import type { DistrictMonitoringSnapshot, MonitoringSettings, RegionMonitoringSnapshot, SchoolMonitoringRow } from '@mm/monitoring';
import { Roles } from '../../engine/auth/auth.decorators';
import { RATE_LIMITS, RateLimit } from '../../engine/rate-limit';
import { JobType } from '../jobs/job.types';
import { MonitoringService } from './monitoring.service';
import {
  DistrictMonitoringType,
  DistrictPeriodArgs,
  MonitoringSettingsType,
  RegionArgs,
  RegionMonitoringType,
  RegionPeriodArgs,
  SchoolMonitoringType,
  SchoolPeriodArgs,
  SetMonitoringExpectedProgressInput,
} from './monitoring.types';

@Resolver()
export class MonitoringResolver {
  constructor(private readonly monitoring: MonitoringService) {}

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @RateLimit(RATE_LIMITS.monitoringRun)
  @Mutation(() => JobType, { description: 'Recomputes the district’s monitoring of the quarter in the background; poll job(id)' })
  async runMonitoring(@Args() args: DistrictPeriodArgs): Promise<JobType> {
    return JobType.of(await this.monitoring.runDistrict(args.districtId, args));
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @RateLimit(RATE_LIMITS.regionMonitoringRun)
  @Mutation(() => JobType, { description: 'Recomputes every district of the region and the region’s totals for the quarter' })
  async runRegionMonitoring(@Args() args: RegionPeriodArgs): Promise<JobType> {
    return JobType.of(await this.monitoring.runRegion(args.regionId, args));
  }

  @Roles(Role.DISTRICT_COORDINATOR, Role.AUTHORITY, Role.ADMIN)
  @Query(() => DistrictMonitoringType, {
    nullable: true,
    description: 'The district’s latest monitoring snapshot of the quarter; null until a run has computed one',
  })
  async districtMonitoring(@Args() args: DistrictPeriodArgs): Promise<DistrictMonitoringType | null> {
    const snapshot = await this.monitoring.district(args.districtId, args);
    return snapshot && districtView(snapshot);
  }

  @Query(() => SchoolMonitoringType, {
    nullable: true,
    description: 'A school’s row of its district’s latest snapshot (a curator: its own school); null until computed',
  })
  async schoolMonitoring(@Args() args: SchoolPeriodArgs): Promise<SchoolMonitoringType | null> {
    const row = await this.monitoring.school(args.schoolId, args);
    return row && schoolView(row);
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Query(() => RegionMonitoringType, {
    nullable: true,
    description: 'The region’s latest snapshot of the quarter, a row per district; null until computed',
  })
  async regionMonitoring(@Args() args: RegionPeriodArgs): Promise<RegionMonitoringType | null> {
    const snapshot = await this.monitoring.region(args.regionId, args);
    return snapshot && regionView(snapshot);
  }

  @Query(() => MonitoringSettingsType, { description: 'The progress the region expects by the end of each quarter' })
  async monitoringSettings(@Args() args: RegionArgs): Promise<MonitoringSettingsType> {
    return settingsView(await this.monitoring.expectedProgress(args.regionId));
  }

  @Roles(Role.AUTHORITY, Role.ADMIN)
  @Mutation(() => MonitoringSettingsType, {
    description: 'Sets the region’s expected progress per quarter; used by the next monitoring runs',
  })
  async setMonitoringExpectedProgress(@Args('input') input: SetMonitoringExpectedProgressInput): Promise<MonitoringSettingsType> {
    return settingsView(await this.monitoring.setExpectedProgress(input));
  }
}

function schoolView(row: SchoolMonitoringRow): SchoolMonitoringType {
  return Object.assign(new SchoolMonitoringType(), row);
}

function districtView(s: DistrictMonitoringSnapshot): DistrictMonitoringType {
  return Object.assign(new DistrictMonitoringType(), {
    districtId: s.districtId,
    year: s.year,
    quarter: s.quarter,
    computedAt: s.computedAt,
    jobId: s.jobRunId,
    expectedProgressPercent: s.totals.expectedProgressPercent,
    totals: s.totals,
    schools: s.schools.map(schoolView),
    notReported: s.schools.filter((row) => row.reportStatus !== 'SUBMITTED' && row.reportStatus !== 'APPROVED').map((row) => row.school),
  });
}

function regionView(s: RegionMonitoringSnapshot): RegionMonitoringType {
  return Object.assign(new RegionMonitoringType(), {
    regionId: s.regionId,
    year: s.year,
    quarter: s.quarter,
    computedAt: s.computedAt,
    jobId: s.jobRunId,
    expectedProgressPercent: s.totals.expectedProgressPercent,
    totals: s.totals,
    districts: s.districts,
  });
}

function settingsView(s: MonitoringSettings): MonitoringSettingsType {
  const e = s.expectedProgress;
  return Object.assign(new MonitoringSettingsType(), {
    regionId: s.regionId,
    q1: e[1],
    q2: e[2],
    q3: e[3],
    q4: e[4],
    custom: s.custom,
    updatedAt: s.updatedAt,
  });
}
