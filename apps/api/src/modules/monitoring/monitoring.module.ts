import { Module } from '@nestjs/common';
import { MonitoringSettingsRepository, MonitoringSnapshotRepository } from '@mm/monitoring';
import { MonitoringResolver } from './monitoring.resolver';
import { MonitoringService } from './monitoring.service';

/** Monitoring triggers and snapshot reads (the computation runs in the worker); the jobs a user follows are in JobsModule. */
@Module({
  providers: [
    { provide: MonitoringSnapshotRepository, useFactory: () => new MonitoringSnapshotRepository() },
    { provide: MonitoringSettingsRepository, useFactory: () => new MonitoringSettingsRepository() },
    MonitoringService,
    MonitoringResolver,
  ],
})
export class MonitoringModule {}
