import { FormEvent, useId, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { t } from '../../i18n';
import { ApiError, NETWORK_ERROR } from '../../shared/api/graphql-client';
import { useTitle } from '../../shared/lib/title';
import { homePath } from '../../shared/ui/navigation';
import { useSession } from './session';

export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useTitle(t.login.title);

  const from = (location.state as { from?: string } | null)?.from;
  // Signed in (also the render right after our own login): the page asked for, else the role's home.
  if (session.state.status === 'signed-in')
    return <Navigate to={from && from !== '/login' ? from : homePath(session.state.user)} replace />;
  const expired = session.state.status === 'anonymous' && session.state.expired;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await session.login(email.trim(), password);
      navigate(from && from !== '/login' ? from : homePath(user), { replace: true });
    } catch (e) {
      const apiError = e instanceof ApiError ? e : null;
      setError(
        apiError?.code === NETWORK_ERROR
          ? t.errors.network
          : apiError?.code === 'TOO_MANY_REQUESTS' || apiError?.reason === 'LOGIN_THROTTLED'
            ? t.login.throttled
            : t.login.failed,
      );
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <main id="main" className="login-card">
        <p className="brand-title">{t.app.title}</p>
        <h1>{t.login.title}</h1>
        <p className="muted">{t.login.intro}</p>
        {expired && !error && (
          <div className="alert alert-info" role="status">
            {t.login.expired}
          </div>
        )}
        {error && (
          <div className="alert alert-error" role="alert" id={`${id}-error`}>
            {error}
          </div>
        )}
        <form onSubmit={submit} noValidate={false}>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t.login.email}</label>
            <input
              id={`${id}-email`}
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t.login.password}</label>
            <input
              id={`${id}-password`}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t.login.submitting : t.login.submit}
          </button>
        </form>
      </main>
    </div>
  );
}
