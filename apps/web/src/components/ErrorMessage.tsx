import { ApiError, NETWORK_ERROR } from '../api/graphql-client';
import { t } from '../i18n';

/** The Russian explanation of an API error: by its reason, else by its code. */
export function explainError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return t.errors.network;
    return (error.reason && t.errors.reasons[error.reason]) || t.errors.codes[error.code] || t.errors.unexpected;
  }
  return t.errors.unexpected;
}

/**
 * An error as an alert: what it means in Russian, then the server's own message and the field
 * problems it listed, unchanged, so nothing the server said is lost in translation.
 */
export function ErrorMessage({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : null;
  const detail = apiError && apiError.code !== NETWORK_ERROR ? apiError.message : error instanceof Error && !apiError ? error.message : null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title ?? t.errors.title}</p>
      <p>{explainError(error)}</p>
      {detail && (
        <p className="server-message">
          <span className="muted">{t.errors.serverSaid}: </span>
          <span lang="en">{detail}</span>
        </p>
      )}
      {apiError && apiError.fields.length > 0 && (
        <ul className="field-problems">
          {apiError.fields.map((problem, i) => (
            <li key={`${problem.field}-${i}`}>
              <code>{problem.field}</code>: {(problem.rule && t.errors.rules[problem.rule]) || null} <span lang="en">{problem.message}</span>
            </li>
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

export function Loading({ label }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label ?? t.app.loading}
    </p>
  );
}

/** A polite announcement of a finished action (screen readers read it without moving focus). */
export function Notice({ children, kind = 'success' }: { children: React.ReactNode; kind?: 'success' | 'info' | 'warning' }) {
  return (
    <div className={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}
