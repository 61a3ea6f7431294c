import { Args, Query, Resolver } from '@nestjs/graphql';
import { JobService } from './job.service';
import { JobArgs, JobsArgs, JobType } from './job.types';

@Resolver(() => JobType)
export class JobResolver {
  constructor(private readonly service: JobService) {}

  @Query(() => JobType, { description: 'A job the caller’s scope may see (NOT_FOUND otherwise)' })
  async job(@Args() args: JobArgs): Promise<JobType> {
    return JobType.of(await this.service.job(args.id));
  }

  @Query(() => [JobType], { description: 'Recent jobs in the caller’s scope, newest first; optionally of one district or region' })
  async jobs(@Args() args: JobsArgs): Promise<JobType[]> {
    return (await this.service.jobs(args)).map((run) => JobType.of(run));
  }
}
