import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { afterCommit, currentTransaction } from '@mm/database';
import { DEFAULT_JOB_OPTIONS, QueuedJobData, QueueName } from './job-contracts';
import type { JobRun } from './job-run.repository';
import { QueueBackend } from './queue-backend';

/**
 * Puts recorded runs on their queues. The BullMQ job id is the run's id, so delivering the same
 * run twice (the API after commit, then the reconciler) adds it once.
 */
export class JobDispatcher {
  private readonly logger = new Logger(JobDispatcher.name);
  private readonly queues = new Map<string, Queue>();

  constructor(readonly backend: QueueBackend) {}

  queue(name: QueueName | string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.createQueue(name);
      queue.on('error', (e) => this.logger.warn(`queue ${name}: ${e.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * The queue, ready to use. BullMQ's Postgres backend (6.7) keeps a failed first connection for
   * good: a queue first used while the database was down would fail until the process restarts,
   * so such a queue is dropped and built anew on the next call.
   */
  private async readyQueue(name: QueueName | string): Promise<Queue> {
    const queue = this.queue(name);
    if (this.backend.kind !== 'postgres') return queue;
    try {
      await queue.waitUntilReady();
      return queue;
    } catch (error) {
      if (this.queues.get(name) === queue) this.queues.delete(name);
      void queue.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Delivers a run — after the current transaction commits when called inside one (a worker must
   * never be handed a run whose row it cannot see yet). A queue failure is logged, not thrown: the
   * run is in Postgres and the reconciler re-delivers it.
   */
  async dispatch(run: Pick<JobRun, 'id' | 'name' | 'queue' | 'runAfter'>): Promise<boolean> {
    if (currentTransaction()) {
      afterCommit(() => this.deliver(run));
      return true;
    }
    return this.deliver(run);
  }

  private async deliver(run: Pick<JobRun, 'id' | 'name' | 'queue' | 'runAfter'>): Promise<boolean> {
    const data: QueuedJobData = { jobRunId: run.id };
    const delay = Math.max(0, new Date(run.runAfter).getTime() - Date.now());
    try {
      await withTimeout(
        this.readyQueue(run.queue).then((queue) => queue.add(run.name, data, { ...DEFAULT_JOB_OPTIONS, jobId: run.id, delay })),
        5000,
      );
      return true;
    } catch (error) {
      this.logger.warn(`job ${run.id} (${run.name}) recorded but not queued yet: ${(error as Error).message}`);
      return false;
    }
  }

  /** Whether the queue still holds the run (waiting, delayed, active or failed with retries left). */
  async isQueued(run: Pick<JobRun, 'id' | 'queue'>): Promise<boolean> {
    const job = await (await this.readyQueue(run.queue)).getJob(run.id);
    if (!job) return false;
    const state = await job.getState();
    return state !== 'completed' && state !== 'failed' && state !== 'unknown';
  }

  async ping(): Promise<void> {
    await withTimeout(
      this.readyQueue(QueueName.MONITORING).then((queue) => queue.getJobCounts('waiting')),
      3000,
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
