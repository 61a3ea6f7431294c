import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Environment } from '@mm/config';
import { JobDispatcher } from './job-dispatcher';
import { JobRunRepository } from './job-run.repository';
import { QueueBackend, resolveQueueBackend } from './queue-backend';

@Global()
@Module({
  providers: [
    { provide: QueueBackend, inject: [Environment], useFactory: (env: Environment) => new QueueBackend(resolveQueueBackend(env)) },
    { provide: JobDispatcher, inject: [QueueBackend], useFactory: (backend: QueueBackend) => new JobDispatcher(backend) },
    JobRunRepository,
  ],
  exports: [QueueBackend, JobDispatcher, JobRunRepository],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(JobDispatcher) private readonly dispatcher: JobDispatcher) {}

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}
