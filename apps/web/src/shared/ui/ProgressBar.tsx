import { t } from '../../i18n';

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
