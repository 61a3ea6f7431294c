import { t } from '../../i18n';
import { ApiError } from '../api/graphql-client';
import { explainError, problemLine } from '../lib/problems';

/**
 * An error as an alert, all in Russian: what it means (lib/problems.ts), then every field problem
 * the server listed, each named by its field (`labels` names figures and other page-specific
 * fields). A non-API error is one of the app's own (already Russian) messages.
 */
export function ErrorMessage({
  error,
  title,
  onRetry,
  labels,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  labels?: Record<string, string>;
}) {
  const apiError = error instanceof ApiError ? error : null;
  const own = error instanceof Error && !apiError ? error.message : null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title ?? t.errors.title}</p>
      <p>{own ?? explainError(error)}</p>
      {apiError && apiError.fields.length > 0 && (
        <ul className="field-problems">
          {apiError.fields.map((problem, i) => (
            <li key={`${problem.field}-${i}`}>{problemLine(problem, labels)}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t.app.retry}
        </button>
      )}
    </div>
  );
}
