import { useCallback, useState } from 'react';
import type { Job } from '../api/job-operations';

/** A job's state that no longer changes. */
export function isFinished(state: string | undefined): boolean {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'EXPIRED';
}

export interface JobRun {
  jobId: string | null;
  finished: Job | null;
  /** A job was started and has not finished yet. */
  active: boolean;
  start(jobId: string): void;
  reset(): void;
  onDone(job: Job): void;
}

/** The state of one background job a page starts and follows (monitoring runs). */
export function useJobRun(onFinished: (job: Job) => void): JobRun {
  const [jobId, setJobId] = useState<string | null>(null);
  const [finished, setFinished] = useState<Job | null>(null);
  const start = useCallback((id: string) => {
    setFinished(null);
    setJobId(id);
  }, []);
  const reset = useCallback(() => {
    setJobId(null);
    setFinished(null);
  }, []);
  const onDone = useCallback(
    (job: Job) => {
      setFinished(job);
      onFinished(job);
    },
    [onFinished],
  );
  return { jobId, finished, active: !!jobId && !finished, start, reset, onDone };
}
