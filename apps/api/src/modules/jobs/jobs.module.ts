import { Module } from '@nestjs/common';
import { JobResolver } from './job.resolver';
import { JobService } from './job.service';

/**
 * The job outbox as users see it: `job` and `jobs` over every kind of run (monitoring, exports,
 * the reporting schedules), within the caller's scope. The runs themselves belong to their domains.
 */
@Module({
  providers: [JobService, JobResolver],
})
export class JobsModule {}
