import { Module } from '@nestjs/common';
import { QuarterlyReportModule } from '../quarterly-report/quarterly-report.module';
import { CompletenessRepository } from './completeness.repository';
import { DistrictQuarterRepository } from './district-quarter.repository';
import { ReportingExtensionRepository } from './reporting-extension.repository';
import { ReportingSettingsRepository } from './reporting-settings.repository';
import { ReportingSettingsResolver } from './reporting-settings.resolver';
import { ReportingSettingsService } from './reporting-settings.service';
import { ReportingWorkflowResolver } from './reporting-workflow.resolver';
import { ReportingWorkflowService } from './reporting-workflow.service';

/**
 * Sign-off of district quarters, extensions into closed quarters, completeness, the region's
 * automatic closing and reminder settings, the caller's notifications (issue 19). The
 * report workflow's side of the locks (ReportingLockRepository) is provided by QuarterlyReportModule,
 * which checks it on every report change.
 */
@Module({
  imports: [QuarterlyReportModule],
  providers: [
    DistrictQuarterRepository,
    ReportingExtensionRepository,
    CompletenessRepository,
    ReportingSettingsRepository,
    ReportingWorkflowService,
    ReportingSettingsService,
    ReportingWorkflowResolver,
    ReportingSettingsResolver,
  ],
  exports: [ReportingWorkflowService],
})
export class ReportingWorkflowModule {}
