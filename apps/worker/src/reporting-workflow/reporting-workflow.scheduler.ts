import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { claimSchedulerTick, JobDispatcher } from '@mm/queue';
import { ReportingScheduleRepository, ScheduledReportingRun } from './reporting-schedule.repository';

/** How often the worker looks for quarters to close automatically and reminder rounds due. */
export const REPORTING_SCHEDULE_INTERVAL_MS = 10 * 60_000;

/**
 * Records the day's automatic closings and reminder rounds of every region as job runs, then
 * queues them. One worker per tick (claimSchedulerTick); each run is recorded once per key, so a
 * restarted or second worker adds nothing; runs recorded but not queued are queued by the reconciler.
 */
@Injectable()
export class ReportingWorkflowScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportingWorkflowScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly db: TenantDatabase,
    private readonly schedule: ReportingScheduleRepository,
    private readonly dispatcher: JobDispatcher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => void this.tick(), REPORTING_SCHEDULE_INTERVAL_MS);
    this.timer.unref();
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): Promise<unknown> {
    this.running ??= claimSchedulerTick(this.db, 'reporting-workflow', REPORTING_SCHEDULE_INTERVAL_MS)
      .then((claimed) => (claimed ? this.recordDue() : []))
      .catch((error) => this.logger.warn(`reporting schedule check failed, will retry: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Records and queues the runs due today; returns those recorded now. */
  async recordDue(): Promise<ScheduledReportingRun[]> {
    // Which regions need a run is platform bookkeeping across tenants; the runs themselves carry their region's scope.
    const runs = await this.db.transaction(SYSTEM_SCOPE, () => this.schedule.recordDueRuns());
    for (const run of runs) await this.dispatcher.dispatch(run);
    if (runs.length) this.logger.log(`reporting schedule: ${runs.length} run(s) recorded`);
    return runs;
  }
}
