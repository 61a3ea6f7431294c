import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '@mm/config';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { claimSchedulerTick, JobDispatcher, JobRun, JobRunRepository } from '@mm/queue';

/**
 * Re-queues recorded runs that the queue no longer holds (Redis lost its data, the API crashed
 * between commit and enqueue). At start-up and then on a timer; with several workers, one of
 * them per tick (claimSchedulerTick).
 */
@Injectable()
export class OutboxReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly env: Environment,
    private readonly db: TenantDatabase,
    private readonly runs: JobRunRepository,
    private readonly dispatcher: JobDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    void this.scheduled(0);
    this.timer = setInterval(() => void this.scheduled(), this.env.OUTBOX_RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** A timer's reconcile: only when this worker claims the tick. */
  private async scheduled(staleMs?: number): Promise<void> {
    try {
      if (!(await claimSchedulerTick(this.db, 'outbox-reconciler', this.env.OUTBOX_RECONCILE_INTERVAL_MS))) return;
    } catch (error) {
      this.logger.warn(`outbox reconcile tick not claimed, will retry: ${(error as Error).message}`);
      return;
    }
    await this.reconcileOnce(staleMs);
  }

  /** Returns how many runs were re-queued. `staleMs` skips runs touched more recently than that. */
  reconcileOnce(staleMs = this.env.OUTBOX_RECONCILE_INTERVAL_MS): Promise<number> {
    this.running ??= this.reconcile(staleMs).finally(() => (this.running = undefined));
    return this.running;
  }

  private async reconcile(staleMs: number): Promise<number> {
    let requeued = 0;
    try {
      const pending = await this.db.transaction(SYSTEM_SCOPE, () => this.runs.findUnfinished(staleMs));
      const touched: string[] = [];
      for (const run of pending) {
        if (await this.requeueIfLost(run)) requeued++;
        touched.push(run.id);
      }
      await this.db.transaction(SYSTEM_SCOPE, () => this.runs.touch(touched));
      if (requeued) this.logger.log(`re-queued ${requeued} recorded job(s) the queue had lost`);
    } catch (error) {
      this.logger.warn(`outbox reconcile failed, will retry: ${(error as Error).message}`);
    }
    return requeued;
  }

  private async requeueIfLost(run: JobRun): Promise<boolean> {
    const queue = this.dispatcher.queue(run.queue);
    const job = await queue.getJob(run.id);
    if (job) {
      const state = await job.getState();
      if (state !== 'completed' && state !== 'failed') return false;
      // The queue finished it but the row did not record that (a crash in between): run it again.
      await job.remove();
    }
    return this.dispatcher.dispatch({ ...run, runAfter: new Date() });
  }
}
