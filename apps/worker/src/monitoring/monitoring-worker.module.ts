import { Module } from '@nestjs/common';
import { MonitoringComputation, MonitoringScheduleRepository } from '@mm/monitoring';
import { MonitoringQuarterCloseScheduler } from './monitoring-quarter-close.scheduler';
import { MonitoringProcessor } from './monitoring.processor';

/** The monitoring job's processor and the quarter-close scheduler. */
@Module({
  providers: [
    { provide: MonitoringComputation, useFactory: () => new MonitoringComputation() },
    { provide: MonitoringScheduleRepository, useFactory: () => new MonitoringScheduleRepository() },
    MonitoringProcessor,
    MonitoringQuarterCloseScheduler,
  ],
})
export class MonitoringWorkerModule {}
