import { Module } from '@nestjs/common';
import { TargetPlanLoader } from '@mm/planning';
import { StatExportDataVersion, StatExportRepository } from '@mm/stat-exports';
import { StatFormDownloadController } from './stat-form-download.controller';
import { StatFormResolver } from './stat-form.resolver';
import { StatFormService } from './stat-form.service';

/**
 * Statistical form exports (issue 7): the request and status operations, and the download
 * endpoint. The files are made by the worker's StatFormsWorkerModule.
 */
@Module({
  providers: [
    { provide: StatExportRepository, useFactory: () => new StatExportRepository() },
    { provide: StatExportDataVersion, useFactory: () => new StatExportDataVersion() },
    { provide: TargetPlanLoader, useFactory: () => new TargetPlanLoader() },
    StatFormService,
    StatFormResolver,
  ],
  controllers: [StatFormDownloadController],
})
export class StatFormsModule {}
