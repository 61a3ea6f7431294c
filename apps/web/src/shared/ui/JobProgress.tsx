import { useEffect, useRef } from 'react';
import { useApiQuery } from '../api/hooks';
import { Job, JOB } from '../api/job-operations';
import { t } from '../../i18n';
import type { JobRun } from '../lib/job-run';
import { ErrorMessage, Notice } from './ErrorMessage';

const POLL_MS = 800;

export function isFinished(state: string | undefined): boolean {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'EXPIRED';
}

/** A progress bar with its state in words, announced politely as it changes. */
export function ProgressBar({ label, state, progress, error }: { label: string; state: string; progress: number; error?: string | null }) {
  const value = state === 'COMPLETED' ? 100 : Math.max(0, Math.min(100, progress));
  return (
    <div className={`job-progress job-${state.toLowerCase()}`}>
      <progress max={100} value={value} aria-label={t.jobs.progressLabel(label)} />
      <span role="status" aria-live="polite">
        {t.jobState[state] ?? state} · {t.jobs.percent(value)}
      </span>
      {state === 'FAILED' && error && <p className="error-text">{t.jobs.failedPlain}</p>}
    </div>
  );
}

/** Polls job(id) until it completes or fails, then calls onDone once. */
export function JobProgress({ jobId, label, onDone }: { jobId: string; label: string; onDone?: (job: Job) => void }) {
  const query = useApiQuery(JOB, { id: jobId }, {
    refetchInterval: (q) => (isFinished(q.state.data?.job.state) ? false : POLL_MS),
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
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

/** Progress of a page's monitoring run, then a notice once it completed. */
export function MonitoringRunStatus({ run, label }: { run: JobRun; label: string }) {
  return (
    <>
      {run.jobId && <JobProgress key={run.jobId} jobId={run.jobId} label={label} onDone={run.onDone} />}
      {run.finished?.state === 'COMPLETED' && <Notice>{t.dashboard.monitoringDone}</Notice>}
    </>
  );
}
