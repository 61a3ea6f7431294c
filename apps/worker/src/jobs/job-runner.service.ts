import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Environment } from '@mm/config';
import { SYSTEM_SCOPE, TenantDatabase } from '@mm/database';
import { JobFailure, jobScopeOfRun, JobRunRepository, publicJobError, QueueBackend, QueuedJobData, QueueName } from '@mm/queue';
import { JobHandlerRegistry } from './job-handler.registry';

/** How long shutdown waits for running jobs before leaving them to be redelivered. */
export const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * Consumes every queue. The job's row in Postgres is the truth: a delivery of a run that already
 * finished is skipped, so a redelivered message never runs a job twice after it completed.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly env: Environment,
    private readonly backend: QueueBackend,
    private readonly db: TenantDatabase,
    private readonly runs: JobRunRepository,
    private readonly registry: JobHandlerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    for (const queue of Object.values(QueueName)) {
      const worker = this.backend.createWorker(queue, (job) => this.process(job), {
        concurrency: queue === QueueName.STAT_FORMS ? 2 : 4,
        lockDuration: this.env.JOB_LOCK_DURATION_MS,
        stalledInterval: this.env.JOB_LOCK_DURATION_MS,
        maxStalledCount: 3,
      });
      worker.on('error', (e) => this.logger.warn(`worker ${queue}: ${e.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`processing queues ${Object.values(QueueName).join(', ')} on ${this.backend.kind}`);
  }

  async process(job: Job<QueuedJobData>): Promise<unknown> {
    const { jobRunId } = job.data;
    const run = await this.db.transaction(SYSTEM_SCOPE, () => this.runs.markRunning(jobRunId));
    if (!run) {
      this.logger.log(`job ${jobRunId} already finished; delivery skipped`);
      return { skipped: true };
    }
    const handler = this.registry.get(run.name);
    try {
      // The scope comes from the row's tenant columns, whatever the payload says.
      const result = await handler(
        { ...run.payload, scope: jobScopeOfRun(run) },
        {
          run,
          progress: (percent) => this.db.transaction(SYSTEM_SCOPE, () => this.runs.setProgress(run.id, percent)),
        },
      );
      await this.db.transaction(SYSTEM_SCOPE, () => this.runs.markCompleted(run.id, result));
      return result ?? null;
    } catch (error) {
      const refused = error instanceof JobFailure && error.final;
      const final = refused || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // Clients see a code and a message meant for them; internal details stay in this log.
      const { stored, reference } = publicJobError(error);
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.logger.error(
        `job ${run.id} (${run.name}) attempt ${job.attemptsMade + 1} failed${reference ? ` [reference ${reference}]` : ''}: ${detail}`,
      );
      await this.db.transaction(SYSTEM_SCOPE, () => this.runs.markFailed(run.id, stored, final)).catch(() => undefined);
      // The queue must not retry what the row already records as finally FAILED.
      if (refused) throw new UnrecoverableError(stored);
      throw error;
    }
  }

  /** Stops taking jobs and waits for running ones up to the deadline; the rest are redelivered later. */
  async onApplicationShutdown(): Promise<void> {
    const closing = Promise.all(this.workers.map((w) => w.close()));
    const timedOut = await Promise.race([
      closing.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), SHUTDOWN_DEADLINE_MS).unref()),
    ]);
    if (timedOut) {
      this.logger.warn('shutdown deadline reached with jobs running; they will be redelivered');
      await Promise.all(this.workers.map((w) => w.close(true).catch(() => undefined)));
    }
    this.workers.length = 0;
  }
}
