import { Module } from '@nestjs/common';
import { MonitoringComputation } from '@mm/monitoring';
import { TargetPlanLoader } from '@mm/planning';
import { StatExportDataVersion, StatExportRepository } from '@mm/stat-exports';
import { StatFormExportProcessor } from './stat-form-export.processor';
import { StatFormRowSource } from './stat-form-rows';
import { StatExportSweeper } from './stat-export.sweeper';

/**
 * Statistical form exports in the worker: the STAT_FORM_EXPORT processor and the expiry sweep.
 * The export record, its data version and file layout are shared with the API's stat-forms module.
 */
@Module({
  providers: [
    { provide: StatExportRepository, useFactory: () => new StatExportRepository() },
    { provide: StatExportDataVersion, useFactory: () => new StatExportDataVersion() },
    { provide: StatFormRowSource, useFactory: () => new StatFormRowSource(new TargetPlanLoader()) },
    { provide: MonitoringComputation, useFactory: () => new MonitoringComputation() },
    StatFormExportProcessor,
    StatExportSweeper,
  ],
  exports: [StatExportSweeper],
})
export class StatFormsWorkerModule {}
