import { Injectable } from '@nestjs/common';
import { TenantDatabase } from '@mm/database';
import { MonitoringComputation, monitoringScopeOfJob, type MonitoringComputeResult } from '@mm/monitoring';
import { JobName, scopeOfJob, type MonitoringComputePayload } from '@mm/queue';
import { JobHandler, type JobContext } from '../jobs/job-handler.decorator';

/**
 * Computes the monitoring snapshots of a district, a region or every region for a quarter.
 * Idempotent: a run replaces the snapshots of its scope and period, so a redelivered job (a
 * crashed worker) or a second trigger writes the same figures again.
 */
@Injectable()
export class MonitoringProcessor {
  constructor(
    private readonly db: TenantDatabase,
    private readonly computation: MonitoringComputation,
  ) {}

  @JobHandler(JobName.MONITORING_COMPUTE)
  async compute(payload: MonitoringComputePayload, context: JobContext): Promise<MonitoringComputeResult> {
    const scope = monitoringScopeOfJob(payload.scope);
    // The job's own scope, never SYSTEM: RLS holds the computation to the district or region it was asked for.
    const jobScope = scopeOfJob(payload.scope);
    const request = { year: payload.year, quarter: payload.quarter, jobRunId: context.run.id };
    const progress = (percent: number) => context.progress(percent);
    await context.progress(5);
    if (scope.kind === 'ALL') {
      return this.computation.runAllRegions((work) => this.db.transaction(jobScope, work), request, progress);
    }
    return this.db.transaction(jobScope, async (tx) => {
      // One computation of a scope and quarter at a time: a run triggered while another computes
      // waits for it and then reads what it committed, so the last approval is always reflected
      // and two runs never write the same snapshots at once. Meanwhile further triggers join the
      // one run still queued (its dedup key) — at most one rerun waits per district.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `monitoring:${JSON.stringify(payload.scope)}:${payload.year}:${payload.quarter}`,
      ]);
      return this.computation.run(tx, { scope, ...request }, progress);
    });
  }
}
