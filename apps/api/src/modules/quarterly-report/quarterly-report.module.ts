import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { ReportingLockRepository } from '../reporting-workflow/reporting-lock.repository';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { QuarterlyReportLoaders } from './quarterly-report.loaders';
import { QuarterlyReportRepository } from './quarterly-report.repository';
import { QuarterlyReportResolver, QuarterlyReportRevisionResolver } from './quarterly-report.resolver';
import { QuarterlyReportService } from './quarterly-report.service';
import { ReportingPeriodRepository } from './reporting-period.repository';
import { ReportingPeriodResolver } from './reporting-period.resolver';
import { ReportingPeriodService } from './reporting-period.service';

/**
 * Quarterly reports (catalogue, save/submit/approve/return/reopen, revisions, idempotency) and
 * reporting periods. TenantDatabase, ScopePolicy, AuditLogService and the job outbox come from
 * global modules; the registry (RegistryModule) gives the figures a report is compared with.
 */
@Module({
  imports: [RegistryModule],
  providers: [
    ReportingLockRepository,
    QuarterlyReportRepository,
    IdempotencyKeyRepository,
    ReportingPeriodRepository,
    ReportingPeriodService,
    QuarterlyReportService,
    QuarterlyReportLoaders,
    QuarterlyReportResolver,
    QuarterlyReportRevisionResolver,
    ReportingPeriodResolver,
  ],
  exports: [QuarterlyReportService, ReportingPeriodService, ReportingPeriodRepository, ReportingLockRepository],
})
export class QuarterlyReportModule {}
