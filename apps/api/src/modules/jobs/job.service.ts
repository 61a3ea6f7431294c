import { Injectable } from '@nestjs/common';
import { JobRunRepository, type JobRun } from '@mm/queue';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { JobException } from './job.exception';

/** Reads of the job outbox for users: RLS on job_runs shows each caller the jobs of its scope. */
@Injectable()
export class JobService {
  constructor(
    private readonly scope: ScopePolicy,
    private readonly runs: JobRunRepository,
  ) {}

  async job(id: string): Promise<JobRun> {
    const run = await this.runs.findById(id);
    if (!run) throw JobException.notFound();
    return run;
  }

  async jobs(filter: { districtId?: string | null; regionId?: string | null; first?: number | null }): Promise<JobRun[]> {
    if (filter.districtId) await this.scope.district(filter.districtId);
    if (filter.regionId) await this.scope.region(filter.regionId);
    return this.runs.listRecent({
      districtId: filter.districtId ?? undefined,
      regionId: filter.regionId ?? undefined,
      limit: filter.first ?? 20,
    });
  }
}
