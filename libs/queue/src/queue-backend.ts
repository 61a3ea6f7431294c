import { Job, Queue, Worker, WorkerOptions, withBackend } from 'bullmq';
import { createPostgresBackend } from 'bullmq';

export type QueueBackendConfig = { kind: 'redis'; url: string } | { kind: 'postgres'; url: string };

export interface QueueBackendEnv {
  REDIS_URL?: string;
  QUEUE_BACKEND?: 'redis' | 'postgres';
  DATABASE_URL?: string;
  DATABASE_MIGRATION_URL?: string;
}

/** Redis when REDIS_URL is set (production); BullMQ's Postgres backend otherwise or when asked. */
export function resolveQueueBackend(env: QueueBackendEnv): QueueBackendConfig {
  const pgUrl = env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL;
  if (env.QUEUE_BACKEND === 'postgres' || (!env.REDIS_URL && env.QUEUE_BACKEND !== 'redis')) {
    if (!pgUrl) throw new Error('The Postgres queue backend needs DATABASE_URL');
    return { kind: 'postgres', url: pgUrl };
  }
  if (!env.REDIS_URL) throw new Error('QUEUE_BACKEND=redis needs REDIS_URL');
  return { kind: 'redis', url: env.REDIS_URL };
}

export type Processor = (job: Job) => Promise<unknown>;

/** Builds BullMQ queues and workers on the configured backend. */
export class QueueBackend {
  private readonly classes: { Queue: typeof Queue; Worker: typeof Worker };
  private readonly connection: any;

  constructor(readonly config: QueueBackendConfig) {
    if (config.kind === 'postgres') {
      // Queue tables live in their own schema, created by the owner connection on first use.
      this.classes = withBackend(createPostgresBackend) as any;
      this.connection = { connectionString: config.url, schema: 'bullmq', migrate: true, max: 5 };
    } else {
      this.classes = { Queue, Worker };
      this.connection = { url: config.url, maxRetriesPerRequest: null, enableOfflineQueue: true };
    }
  }

  get kind(): QueueBackendConfig['kind'] {
    return this.config.kind;
  }

  createQueue(name: string): Queue {
    return new this.classes.Queue(name, { connection: this.connection });
  }

  createWorker(name: string, processor: Processor, options: Omit<WorkerOptions, 'connection'> = {}): Worker {
    return new this.classes.Worker(name, processor, { ...options, connection: this.connection });
  }
}
