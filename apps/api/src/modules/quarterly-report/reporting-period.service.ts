import { Injectable } from '@nestjs/common';
import { AuditLogService, lockShared, Role } from '@mm/database';
import { districtQuarterLockKey, ReportingLockRepository } from '../reporting-workflow/reporting-lock.repository';
import { currentActor } from '../../engine/auth/actor';
import { EngineException } from '../../engine/errors';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { QuarterlyReportException, QuarterlyReportExceptionCode } from './quarterly-report.exception';
import { ReportingPeriodModel } from './quarterly-report.types';
import { deadlinePassed, defaultDeadline, isCalendarDate, quarterLastDay } from './reporting-period.dates';
import { PeriodKey, periodLockKey, PeriodRow, ReportingPeriodRepository } from './reporting-period.repository';

export interface OpenPeriod {
  deadline: string;
  today: string;
  now: Date;
}

/** Deadlines and closing of reporting periods (per region and quarter). */
@Injectable()
export class ReportingPeriodService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly periods: ReportingPeriodRepository,
    private readonly audit: AuditLogService,
    private readonly locks: ReportingLockRepository,
  ) {}

  /**
   * For a change to a report of `place`, inside its transaction: holds the period's and the
   * district quarter's locks shared until commit (a concurrent close or sign-off waits for it) and
   * refuses the change when the district's quarter is signed off or accepted, or when the period
   * is closed and the school has no extension in force today.
   */
  async assertOpen(period: PeriodKey, place: { districtId: string; schoolId: string }): Promise<OpenPeriod> {
    const districtQuarter = { districtId: place.districtId, year: period.year, quarter: period.quarter };
    // Both shared locks in one round trip, in the order every locker keeps (period, then district quarter).
    await lockShared(periodLockKey(period), districtQuarterLockKey(districtQuarter));
    const state = await this.locks.state(districtQuarter);
    if (state !== 'OPEN') throw QuarterlyReportException.districtQuarterSignedOff(period, state);
    const { row, ...clock } = await this.periods.findWithClock(period);
    if (row?.closedAt) {
      const until = await this.locks.extensionUntil({ ...districtQuarter, schoolId: place.schoolId });
      // The extension's last day is included; after it the school is as closed as the others.
      if (until === null || clock.today > until) throw QuarterlyReportException.periodClosed(period);
    }
    return { deadline: row?.deadline ?? defaultDeadline(period.year, period.quarter), ...clock };
  }

  /** Anyone working in the region reads its periods (a curator needs the deadline). */
  async get(period: PeriodKey): Promise<ReportingPeriodModel> {
    await this.assertCanRead(period.regionId);
    const row = await this.periods.find(period);
    return toModel(period, row, (await this.periods.clock()).today);
  }

  async setDeadline(period: PeriodKey, deadline: string): Promise<ReportingPeriodModel> {
    if (!isCalendarDate(deadline)) {
      throw new QuarterlyReportException(QuarterlyReportExceptionCode.INVALID_DEADLINE, `deadline: ${deadline} is not a calendar date`, [
        { field: 'deadline', message: 'must be a calendar date written as YYYY-MM-DD' },
      ]);
    }
    const lastDay = quarterLastDay(period.year, period.quarter);
    if (deadline < lastDay) {
      const message = `must not be before the quarter's last day (${lastDay}): figures are stated as of that day`;
      throw new QuarterlyReportException(QuarterlyReportExceptionCode.INVALID_DEADLINE, `deadline: ${message}`, [
        { field: 'deadline', message },
      ]);
    }
    await this.scope.region(period.regionId);
    await this.periods.lockExclusive(period);
    const current = await this.periods.find(period);
    if (current?.closedAt) throw QuarterlyReportException.periodClosed(period);
    const row = await this.periods.setDeadline(period, deadline);
    await this.audit.record({
      operation: 'reportingPeriod.setDeadline',
      targetType: 'reporting_period',
      targetIds: [periodId(period)],
      regionId: period.regionId,
      details: { year: period.year, quarter: period.quarter, deadline, previousDeadline: current?.deadline ?? null },
    });
    return toModel(period, row, (await this.periods.clock()).today);
  }

  /** Closes a period after its deadline: its reports accept no further change. */
  async close(period: PeriodKey): Promise<ReportingPeriodModel> {
    const actor = currentActor();
    await this.scope.region(period.regionId);
    // Waits for report changes in flight in this period; those after it see the closing.
    await this.periods.lockExclusive(period);
    const current = await this.periods.find(period);
    if (current?.closedAt) throw QuarterlyReportException.periodClosed(period);
    const deadline = current?.deadline ?? defaultDeadline(period.year, period.quarter);
    const { today } = await this.periods.clock();
    if (!deadlinePassed(deadline, today)) {
      throw new QuarterlyReportException(
        QuarterlyReportExceptionCode.PERIOD_NOT_DUE,
        `The period ${period.year} Q${period.quarter} can be closed only after its deadline (${deadline})`,
        [],
        { period, deadline },
      );
    }
    const row = await this.periods.close(period, deadline, actor.userId);
    await this.audit.record({
      operation: 'reportingPeriod.close',
      targetType: 'reporting_period',
      targetIds: [periodId(period)],
      regionId: period.regionId,
      details: { year: period.year, quarter: period.quarter, deadline },
    });
    return toModel(period, row, today);
  }

  async reopen(period: PeriodKey): Promise<ReportingPeriodModel> {
    await this.scope.region(period.regionId);
    await this.periods.lockExclusive(period);
    const current = await this.periods.find(period);
    if (!current?.closedAt) {
      throw new QuarterlyReportException(
        QuarterlyReportExceptionCode.PERIOD_NOT_CLOSED,
        `The period ${period.year} Q${period.quarter} is not closed`,
        [],
        { period },
      );
    }
    const row = await this.periods.reopen(period);
    await this.audit.record({
      operation: 'reportingPeriod.reopen',
      targetType: 'reporting_period',
      targetIds: [periodId(period)],
      regionId: period.regionId,
      details: { year: period.year, quarter: period.quarter, closedAt: current.closedAt },
    });
    return toModel(period, row, (await this.periods.clock()).today);
  }

  private async assertCanRead(regionId: string): Promise<void> {
    const actor = currentActor();
    if (actor.role === Role.ADMIN || (actor.role === Role.AUTHORITY && actor.regionId === null)) {
      await this.scope.region(regionId); // NOT_FOUND for an unknown region
      return;
    }
    if (actor.regionId !== regionId) throw EngineException.forbidden('The region is outside your scope');
  }
}

function periodId(period: PeriodKey): string {
  return `${period.regionId}:${period.year}:${period.quarter}`;
}

function toModel(period: PeriodKey, row: PeriodRow | null, today: string): ReportingPeriodModel {
  const deadline = row?.deadline ?? defaultDeadline(period.year, period.quarter);
  return {
    regionId: period.regionId,
    year: period.year,
    quarter: period.quarter,
    deadline,
    defaultDeadline: row === null,
    deadlinePassed: deadlinePassed(deadline, today),
    closed: row?.closedAt != null,
    closedAt: row?.closedAt ?? null,
  };
}
