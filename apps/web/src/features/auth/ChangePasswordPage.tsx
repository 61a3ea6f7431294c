import { FormEvent, useId, useState } from 'react';
import { t } from '../../i18n';
import { ApiError, NETWORK_ERROR } from '../../shared/api/graphql-client';
import { explainError, problemMessage } from '../../shared/lib/problems';
import { useTitle } from '../../shared/lib/title';
import { useSession } from './session';

/**
 * Changing one's own password. `forced`: the password was set by someone else (a coordinator, an
 * admin, an import) and nothing else is reachable until it is replaced; shown instead of the app.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const session = useSession();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useTitle(t.password.title);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    if (next !== repeat) {
      setError(t.password.mismatch);
      return;
    }
    setBusy(true);
    try {
      await session.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (e) {
      const apiError = e instanceof ApiError ? e : null;
      const newProblem = apiError?.problemsOf('newPassword')[0];
      setError(
        apiError?.code === NETWORK_ERROR
          ? t.errors.network
          : apiError?.problemsOf('currentPassword').length
            ? t.password.wrongCurrent
            : newProblem
              ? `${t.password.weak} ${problemMessage(newProblem)}`
              : apiError?.code === 'TOO_MANY_REQUESTS'
                ? t.login.throttled
                : explainError(e),
      );
    } finally {
      setBusy(false);
    }
  }

  const form = (
    <>
      <h1>{t.password.title}</h1>
      <p className="muted">{forced ? t.password.forcedIntro : t.password.intro}</p>
      {error && (
        <div className="alert alert-error" role="alert" id={`${id}-error`}>
          {error}
        </div>
      )}
      {done && !forced && (
        <div className="alert alert-info" role="status">
          {t.password.done}
        </div>
      )}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-current`}>{t.password.current}</label>
          <input
            id={`${id}-current`}
            name="current-password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-next`}>{t.password.next}</label>
          <input
            id={`${id}-next`}
            name="new-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            aria-describedby={`${id}-rules`}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <p className="muted" id={`${id}-rules`}>
            {t.password.rules}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-repeat`}>{t.password.repeat}</label>
          <input
            id={`${id}-repeat`}
            name="repeat-password"
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t.password.submitting : t.password.submit}
        </button>
        {forced && (
          <button type="button" className="button secondary" onClick={session.logout}>
            {t.nav.logout}
          </button>
        )}
      </form>
    </>
  );

  if (forced) {
    return (
      <div className="login-page">
        <main id="main" className="login-card">
          <p className="brand-title">{t.app.title}</p>
          {form}
        </main>
      </div>
    );
  }
  return <section>{form}</section>;
}
