import { Module } from '@nestjs/common';
import { QuarterlyReportModule } from '../quarterly-report/quarterly-report.module';
import { CompletenessRepository } from './completeness.repository';
import { DistrictQuarterRepository } from './district-quarter.repository';
import { ReportingExtensionRepository } from './reporting-extension.repository';
import { ReportingWorkflowResolver } from './reporting-workflow.resolver';
import { ReportingWorkflowService } from './reporting-workflow.service';

/**
 * Sign-off of district quarters, extensions into closed quarters, completeness (issue 19). The
 * report workflow's side of the locks (ReportingLockRepository) is provided by QuarterlyReportModule,
 * which checks it on every report change.
 */
@Module({
  imports: [QuarterlyReportModule],
  providers: [DistrictQuarterRepository, ReportingExtensionRepository, CompletenessRepository, ReportingWorkflowService, ReportingWorkflowResolver],
  exports: [ReportingWorkflowService],
})
export class ReportingWorkflowModule {}
