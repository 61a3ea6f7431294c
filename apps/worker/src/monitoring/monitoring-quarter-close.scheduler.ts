import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { lastEndedQuarter, MonitoringScheduleRepository, type ScheduledRun, type YearQuarter } from '@mm/monitoring';
import { JobDispatcher } from '@mm/queue';

/** How often the worker looks whether a quarter has ended (a quarter's runs start at most this late). */
export const QUARTER_CLOSE_CHECK_INTERVAL_MS = 10 * 60_000;

/**
 * After each quarter ends, records a monitoring run of that quarter for every active district
 * and region, then queues them. No infrastructure of its own: a timer in every worker and the
 * outbox. The quarter's marker row makes it happen once however many workers run and restart;
 * runs recorded but not queued (a crash in between) are queued by the outbox reconciler.
 */
@Injectable()
export class MonitoringQuarterCloseScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MonitoringQuarterCloseScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly db: TenantDatabase,
    private readonly schedule: MonitoringScheduleRepository,
    private readonly dispatcher: JobDispatcher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Checked once before the worker reports ready, then on the timer.
    await this.tick();
    this.timer = setInterval(() => void this.tick(), QUARTER_CLOSE_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): Promise<unknown> {
    this.running ??= this.closeQuarter(new Date())
      .catch((error) => this.logger.warn(`quarter-close check failed, will retry: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Records and queues the runs of the last quarter that has ended by `at`, unless that quarter
   * was already scheduled. Returns the period and the runs recorded now (none when already done).
   */
  async closeQuarter(at: Date): Promise<{ period: YearQuarter; runs: ScheduledRun[] }> {
    const period = lastEndedQuarter(at);
    const runs = await this.db.transaction(SYSTEM_SCOPE, () => this.schedule.recordQuarterClose(period));
    if (runs === null) return { period, runs: [] };
    for (let i = 0; i < runs.length; i += 100) {
      await Promise.all(runs.slice(i, i + 100).map((run) => this.dispatcher.dispatch(run)));
    }
    this.logger.log(`quarter ${period.year} Q${period.quarter} closed: ${runs.length} monitoring run(s) recorded`);
    return { period, runs };
  }
}
