import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '../../engine/auth/actor';
import { CurrentActor } from '../../engine/auth/auth.decorators';
import { JobService } from './job.service';
import { JobArgs, JobsArgs, JobType } from './job.types';

@Resolver(() => JobType)
export class JobResolver {
  constructor(private readonly service: JobService) {}

  @Query(() => JobType, { description: 'A job the caller’s scope may see (NOT_FOUND otherwise)' })
  async job(@CurrentActor() actor: Actor, @Args() args: JobArgs): Promise<JobType> {
    return JobType.of(await this.service.job(actor, args.id));
  }

  @Query(() => [JobType], { description: 'Recent jobs in the caller’s scope, newest first; optionally of one district or region' })
  async jobs(@CurrentActor() actor: Actor, @Args() args: JobsArgs): Promise<JobType[]> {
    return (await this.service.jobs(actor, args)).map((run) => JobType.of(run));
  }
}
