import { Injectable } from '@nestjs/common';
import { AuditLogService } from '@mm/database';
import { currentActor } from '../../engine/auth/actor';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { ReportingSettingsRepository } from './reporting-settings.repository';
import { ReportingWorkflowException, ReportingWorkflowExceptionCode } from './reporting-workflow.exception';
import { SetRegionReportingSettingsInput } from './reporting-workflow.inputs';
import { NotificationModel, RegionReportingSettingsModel } from './reporting-workflow.types';

/** A region's automatic closing and reminder settings; the caller's own notifications (the worker writes them). */
@Injectable()
export class ReportingSettingsService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly repository: ReportingSettingsRepository,
    private readonly audit: AuditLogService,
  ) {}

  async settings(regionId: string): Promise<RegionReportingSettingsModel> {
    await this.scope.region(regionId);
    return this.repository.settings(regionId);
  }

  async save(input: SetRegionReportingSettingsInput): Promise<RegionReportingSettingsModel> {
    await this.scope.region(input.regionId);
    const saved = await this.repository.save(input.regionId, input.autoCloseDays ?? null, input.reminderDaysBefore, input.expectedVersion);
    if (!saved) {
      const current = await this.repository.settings(input.regionId);
      throw new ReportingWorkflowException(
        ReportingWorkflowExceptionCode.STALE_VERSION,
        `The settings changed since they were read: expected version ${input.expectedVersion}, current version ${current.version}`,
        [],
        { currentVersion: current.version },
      );
    }
    await this.audit.record({
      operation: 'reportingSettings.set',
      targetType: 'region_reporting_settings',
      targetIds: [input.regionId],
      regionId: input.regionId,
      details: { autoCloseDays: saved.autoCloseDays, reminderDaysBefore: saved.reminderDaysBefore, version: saved.version },
    });
    return saved;
  }

  notifications(first: number): Promise<NotificationModel[]> {
    const actor = currentActor();
    return this.repository.notifications(actor.userId, first);
  }

  unreadCount(): Promise<number> {
    const actor = currentActor();
    return this.repository.unreadCount(actor.userId);
  }

  /** Marks the caller's notifications read (all unread ones, or those ids); an id not the caller's is NOT_FOUND. */
  async markRead(ids: string[] | null): Promise<number> {
    const actor = currentActor();
    if (ids) {
      const own = new Set(await this.repository.ownIds(actor.userId, ids));
      const foreign = ids.filter((id) => !own.has(id));
      if (foreign.length) {
        throw new ReportingWorkflowException(ReportingWorkflowExceptionCode.NOTIFICATION_NOT_FOUND, 'Notification not found', [
          { field: 'ids', message: `not found: ${foreign.length} id(s)` },
        ]);
      }
    }
    return this.repository.markRead(actor.userId, ids);
  }
}
