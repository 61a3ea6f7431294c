import { Injectable } from '@nestjs/common';
import { parsePercent } from '@mm/domain';
import {
  MonitoringSettingsRepository,
  MonitoringSnapshotRepository,
  monitoringDistrictKey,
  monitoringRegionKey,
  type DistrictMonitoringSnapshot,
  type RegionMonitoringSnapshot,
  type SchoolMonitoringRow,
  type MonitoringSettings,
} from '@mm/monitoring';
import { JobDispatcher, JobName, JobRunRepository, type JobRun, type JobScope } from '@mm/queue';
import { currentActor } from '../../engine/auth/actor';
import { AuditLogService } from '@mm/database';
import { FieldProblem } from '../../engine/errors';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { MonitoringException } from './monitoring.exception';
import type { SetMonitoringExpectedProgressInput } from './monitoring.types';

export interface Period {
  year: number;
  quarter: number;
}

/**
 * Monitoring for users: triggers (a run recorded in the outbox, queued after commit) and reads of
 * the stored snapshots (never a computation: dashboards read what the last run wrote).
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly audit: AuditLogService,
    private readonly runs: JobRunRepository,
    private readonly dispatcher: JobDispatcher,
    private readonly snapshots: MonitoringSnapshotRepository,
    private readonly settings: MonitoringSettingsRepository,
  ) {}

  /** Recomputes a district's monitoring; repeated triggers while one is queued join it. */
  async runDistrict(districtId: string, period: Period): Promise<JobRun> {
    const district = await this.scope.district(districtId);
    const scope: JobScope = { regionId: district.regionId, districtId: district.id, schoolId: null };
    return this.record(scope, monitoringDistrictKey(district.id, period.year, period.quarter), period, 'District', district.id);
  }

  /** Recomputes a region: every district of it and the region's totals. */
  async runRegion(regionId: string, period: Period): Promise<JobRun> {
    const region = await this.scope.region(regionId);
    const scope: JobScope = { regionId: region.id, districtId: null, schoolId: null };
    return this.record(scope, monitoringRegionKey(region.id, period.year, period.quarter), period, 'Region', region.id);
  }

  private async record(scope: JobScope, dedupKey: string, period: Period, targetType: string, targetId: string): Promise<JobRun> {
    const actor = currentActor();
    const run = await this.runs.record({
      name: JobName.MONITORING_COMPUTE,
      payload: { scope, year: period.year, quarter: period.quarter },
      scope,
      dedupKey,
      requestedBy: actor.userId,
    });
    await this.audit.record({
      operation: 'monitoring.run',
      targetType,
      targetIds: [targetId],
      regionId: scope.regionId,
      districtId: scope.districtId,
      details: { year: period.year, quarter: period.quarter, jobId: run.id },
    });
    // Queued after the operation commits: a queue failure leaves the run recorded, and the worker's reconciler queues it.
    await this.dispatcher.dispatch(run);
    return run;
  }

  async district(districtId: string, period: Period): Promise<DistrictMonitoringSnapshot | null> {
    await this.scope.district(districtId);
    return this.snapshots.districtSnapshot(districtId, period.year, period.quarter);
  }

  async school(schoolId: string, period: Period): Promise<SchoolMonitoringRow | null> {
    await this.scope.school(schoolId);
    return this.snapshots.schoolRow(schoolId, period.year, period.quarter);
  }

  async region(regionId: string, period: Period): Promise<RegionMonitoringSnapshot | null> {
    await this.scope.region(regionId);
    return this.snapshots.regionSnapshot(regionId, period.year, period.quarter);
  }

  /** Anyone of the region reads its expected progress; others go through the region check. */
  async expectedProgress(regionId: string): Promise<MonitoringSettings> {
    const actor = currentActor();
    if (actor.regionId !== regionId) await this.scope.region(regionId);
    return this.settings.find(regionId);
  }

  async setExpectedProgress(input: SetMonitoringExpectedProgressInput): Promise<MonitoringSettings> {
    const actor = currentActor();
    await this.scope.region(input.regionId, 'input.regionId');
    const values = [input.q1, input.q2, input.q3, input.q4];
    const problems: FieldProblem[] = [];
    const bp = values.map((value, i) => {
      try {
        return parsePercent(value, `input.q${i + 1}`);
      } catch (error) {
        problems.push({ field: `input.q${i + 1}`, message: (error as Error).message });
        return 0;
      }
    });
    // Figures are year to date, so what is expected can only grow from quarter to quarter.
    for (let i = 1; i < 4; i++) {
      if (problems.length === 0 && bp[i]! < bp[i - 1]!) {
        problems.push({ field: `input.q${i + 1}`, message: `q${i + 1} must not be below q${i} (figures are year to date)` });
      }
    }
    if (problems.length) throw MonitoringException.invalidAll(problems);
    const before = await this.settings.find(input.regionId);
    await this.settings.save(input.regionId, { 1: bp[0]!, 2: bp[1]!, 3: bp[2]!, 4: bp[3]! }, actor.userId);
    await this.audit.record({
      operation: 'monitoring.expectedProgress.set',
      targetType: 'Region',
      targetIds: [input.regionId],
      regionId: input.regionId,
      details: {
        before: before.custom ? before.expectedProgress : null,
        after: { 1: values[0], 2: values[1], 3: values[2], 4: values[3] },
      },
    });
    return this.settings.find(input.regionId);
  }
}
