import { t } from '../../i18n';
import type { JobRun } from '../../shared/lib/job-run';
import { JobProgress } from '../../shared/ui/JobProgress';
import { Notice } from '../../shared/ui/Notice';

/** Progress of a page's monitoring run, then a notice once it completed. */
export function MonitoringRunStatus({ run, label }: { run: JobRun; label: string }) {
  return (
    <>
      {run.jobId && <JobProgress key={run.jobId} jobId={run.jobId} label={label} onDone={run.onDone} />}
      {run.finished?.state === 'COMPLETED' && <Notice>{t.dashboard.monitoringDone}</Notice>}
    </>
  );
}
