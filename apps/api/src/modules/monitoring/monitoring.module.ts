import { Module } from '@nestjs/common';
import { MonitoringSettingsRepository, MonitoringSnapshotRepository } from '@mm/monitoring';
import { JobResolver } from './job.resolver';
import { JobService } from './job.service';
import { MonitoringResolver } from './monitoring.resolver';
import { MonitoringService } from './monitoring.service';

/** Monitoring triggers and snapshot reads (the computation runs in the worker), and the job outbox for users. */
@Module({
  providers: [
    { provide: MonitoringSnapshotRepository, useFactory: () => new MonitoringSnapshotRepository() },
    { provide: MonitoringSettingsRepository, useFactory: () => new MonitoringSettingsRepository() },
    MonitoringService,
    JobService,
    MonitoringResolver,
    JobResolver,
  ],
})
export class MonitoringModule {}
