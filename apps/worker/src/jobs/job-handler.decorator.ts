import { SetMetadata } from '@nestjs/common';
import { JobName } from '@mm/queue';
import type { JobRun } from '@mm/queue';

export const JOB_HANDLER = 'mm:jobHandler';

export interface JobContext {
  readonly run: JobRun;
  /** Reports progress (0–100) into the job's row, where clients read it. */
  progress(percent: number): Promise<void>;
}

/** Marks a provider method as the one processor of a job name (checked at start-up). */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);
