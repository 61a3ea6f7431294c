import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { JobState, type JobRun } from '@mm/queue';

registerEnumType(JobState, {
  name: 'JobState',
  description: 'QUEUED (recorded, waiting), RUNNING, COMPLETED, FAILED (no retry left)',
});

@ObjectType('Job', { description: 'A background job (a row of the job outbox) and how far it got' })
export class JobType {
  @Field(() => ID) id: string;
  @Field({ description: 'The job name, e.g. monitoring.compute' }) name: string;
  @Field(() => JobState) state: JobState;
  @Field(() => Int, { description: '0–100' }) progress: number;
  @Field(() => String, { nullable: true, description: 'The last attempt’s error (kept while a retry is pending)' }) error: string | null;
  @Field(() => Int, { description: 'Attempts started so far' }) attempts: number;
  @Field(() => ID, { nullable: true }) regionId: string | null;
  @Field(() => ID, { nullable: true }) districtId: string | null;
  @Field(() => ID, { nullable: true }) schoolId: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;

  static of(run: JobRun): JobType {
    return Object.assign(new JobType(), {
      id: run.id,
      name: run.name,
      state: run.state,
      progress: run.progress,
      error: run.error,
      attempts: run.attempts,
      regionId: run.regionId,
      districtId: run.districtId,
      schoolId: run.schoolId,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    });
  }
}

@ArgsType()
export class JobArgs {
  @Field(() => ID) @IsUUID() id: string;
}

@ArgsType()
export class JobsArgs {
  @Field(() => ID, { nullable: true, description: 'Only the jobs of this district' }) @IsOptional() @IsUUID() districtId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only the jobs of this region (AUTHORITY, ADMIN)' }) @IsOptional() @IsUUID() regionId?:
    string | null;
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'How many, newest first (1–100)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  first?: number | null;
}
