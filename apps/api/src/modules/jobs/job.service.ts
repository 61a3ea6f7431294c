import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@mm/database';
import { JobRunRepository, type JobRun } from '@mm/queue';
import { Actor, actorScope } from '../../engine/auth/actor';
import { ScopePolicy } from '../../engine/tenancy/scope-policy.service';
import { JobException } from './job.exception';

/** Reads of the job outbox for users: RLS on job_runs shows each caller the jobs of its scope. */
@Injectable()
export class JobService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly scope: ScopePolicy,
    private readonly runs: JobRunRepository,
  ) {}

  async job(actor: Actor, id: string): Promise<JobRun> {
    const run = await this.db.transaction(actorScope(actor), (tx) => this.runs.findById(tx, id));
    if (!run) throw JobException.notFound();
    return run;
  }

  async jobs(actor: Actor, filter: { districtId?: string | null; regionId?: string | null; first?: number | null }): Promise<JobRun[]> {
    if (filter.districtId) await this.scope.district(actor, filter.districtId);
    if (filter.regionId) await this.scope.region(actor, filter.regionId);
    return this.db.transaction(actorScope(actor), (tx) =>
      this.runs.listRecent(tx, { districtId: filter.districtId ?? undefined, regionId: filter.regionId ?? undefined, limit: filter.first ?? 20 }),
    );
  }
}
