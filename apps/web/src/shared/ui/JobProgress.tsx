import { useEffect, useRef } from 'react';
import { useApiQuery } from '../api/hooks';
import { Job, JOB } from '../api/job-operations';
import { isFinished } from '../lib/job-run';
import { ErrorMessage } from './ErrorMessage';
import { ProgressBar } from './ProgressBar';

const POLL_MS = 800;

/** Polls job(id) until it completes or fails, then calls onDone once. */
export function JobProgress({ jobId, label, onDone }: { jobId: string; label: string; onDone?: (job: Job) => void }) {
  const query = useApiQuery(
    JOB,
    { id: jobId },
    {
      refetchInterval: (q) => (isFinished(q.state.data?.job.state) ? false : POLL_MS),
      refetchIntervalInBackground: true,
      gcTime: 0,
    },
  );
  const job = query.data?.job;
  const reported = useRef(false);
  useEffect(() => {
    if (job && isFinished(job.state) && !reported.current) {
      reported.current = true;
      onDone?.(job);
    }
  }, [job, onDone]);
  if (query.error) return <ErrorMessage error={query.error} />;
  return <ProgressBar label={label} state={job?.state ?? 'QUEUED'} progress={job?.progress ?? 0} error={job?.error} />;
}
