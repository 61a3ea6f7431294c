import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, graphqlRequest } from '../../shared/api/graphql-client';
import type { Operation } from '../../shared/api/operation';
import { CHANGE_PASSWORD, LOGIN, LOGOUT, ME, SessionUser } from './auth-operations';

const TOKEN_KEY = 'mm.accessToken';
/** Set while the password was chosen by someone else and must be replaced before anything else. */
const MUST_CHANGE_KEY = 'mm.mustChangePassword';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired?: boolean }
  | { status: 'signed-in'; token: string; user: SessionUser; mustChangePassword: boolean };

export interface Session {
  state: SessionState;
  login(email: string, password: string): Promise<SessionUser>;
  logout(): void;
  /** Replaces the password; the server revokes every earlier token and answers a new one. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Sends an operation with the session's token; a rejected token ends the session. */
  request<TData, TVariables extends object>(op: Operation<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData>;
  token(): string | null;
}

const SessionContext = createContext<Session | null>(null);

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null, mustChangePassword = false): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    if (token && mustChangePassword) sessionStorage.setItem(MUST_CHANGE_KEY, '1');
    else sessionStorage.removeItem(MUST_CHANGE_KEY);
  } catch {
    // Storage disabled: the session lasts until the page is reloaded.
  }
}

function readMustChange(): boolean {
  try {
    return sessionStorage.getItem(MUST_CHANGE_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The signed-in user and their token. The token lives in sessionStorage: it survives a reload of
 * the tab but not closing it, and is never shared with other tabs or written to disk by us.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const tokenRef = useRef<string | null>(readToken());
  const [state, setState] = useState<SessionState>(() => (readToken() ? { status: 'loading' } : { status: 'anonymous' }));

  const end = useCallback(
    (expired: boolean) => {
      tokenRef.current = null;
      writeToken(null);
      queryClient.clear();
      setState({ status: 'anonymous', expired });
    },
    [queryClient],
  );

  const request = useCallback(
    <TData, TVariables extends object>(op: Operation<TData, TVariables>, variables: TVariables, signal?: AbortSignal) =>
      graphqlRequest(op, variables, {
        token: tokenRef.current,
        signal,
        onUnauthenticated: () => {
          if (tokenRef.current) end(true);
        },
      }).catch((error: unknown) => {
        // The server asks for a new password first (e.g. after a reload lost the flag).
        if (error instanceof ApiError && error.reason === 'PASSWORD_CHANGE_REQUIRED' && tokenRef.current) {
          writeToken(tokenRef.current, true);
          setState((s) => (s.status === 'signed-in' ? { ...s, mustChangePassword: true } : s));
        }
        throw error;
      }),
    [end],
  );

  useEffect(() => {
    const token = tokenRef.current;
    if (!token) return;
    let cancelled = false;
    graphqlRequest(ME, {}, { token })
      .then(({ me }) => {
        if (!cancelled) setState({ status: 'signed-in', token, user: me, mustChangePassword: readMustChange() });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        // A network failure keeps the token: the user retries with a reload, not a new login.
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') end(true);
        else if (error instanceof ApiError) setState({ status: 'anonymous' });
      });
    return () => {
      cancelled = true;
    };
  }, [end]);

  const login = useCallback(
    async (email: string, password: string) => {
      const { login } = await graphqlRequest(LOGIN, { email, password });
      const { me } = await graphqlRequest(ME, {}, { token: login.accessToken });
      tokenRef.current = login.accessToken;
      writeToken(login.accessToken, login.mustChangePassword);
      queryClient.clear();
      setState({ status: 'signed-in', token: login.accessToken, user: me, mustChangePassword: login.mustChangePassword });
      return me;
    },
    [queryClient],
  );

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const { changePassword: result } = await graphqlRequest(CHANGE_PASSWORD, { currentPassword, newPassword }, { token: tokenRef.current });
    tokenRef.current = result.accessToken;
    writeToken(result.accessToken, result.mustChangePassword);
    setState((s) => (s.status === 'signed-in' ? { ...s, token: result.accessToken, mustChangePassword: result.mustChangePassword } : s));
  }, []);

  // Logging out revokes the token on the server too (every session of the account), best effort.
  const logout = useCallback(() => {
    const token = tokenRef.current;
    if (token) void graphqlRequest(LOGOUT, {}, { token }).catch(() => undefined);
    end(false);
  }, [end]);

  const value = useMemo<Session>(
    () => ({ state, login, logout, changePassword, request, token: () => tokenRef.current }),
    [state, login, logout, changePassword, request],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind the sign-in gate. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser needs a signed-in session');
  return state.user;
}
