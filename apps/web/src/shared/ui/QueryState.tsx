import { ReactNode } from 'react';
import { t } from '../../i18n';
import { ErrorMessage } from './ErrorMessage';
import { Loading } from './Loading';

/** What QueryState needs of a query (useApiQuery's result, or several queries folded into one). */
export interface QueryLike<TData> {
  isPending: boolean;
  error: unknown;
  data?: TData;
  refetch?: () => unknown;
}

/**
 * A query's answer once it is there, and the same states on every page meanwhile: «Загрузка…» (a
 * status), the load failure as an alert (with «Повторить» when `retry`), or the page's own
 * empty text when `isEmpty` says the answer holds nothing to show (a string is a paragraph).
 */
export function QueryState<TData>({
  query,
  retry = false,
  isEmpty,
  empty,
  children,
}: {
  query: QueryLike<TData>;
  retry?: boolean;
  isEmpty?: (data: TData) => boolean;
  empty?: ReactNode;
  children: (data: TData) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error) {
    const refetch = query.refetch;
    return <ErrorMessage error={query.error} title={t.errors.loadFailed} onRetry={retry && refetch ? () => void refetch() : undefined} />;
  }
  // Neither pending nor failed: the query succeeded, so its data is there.
  const data = query.data as TData;
  if (isEmpty?.(data)) return typeof empty === 'string' ? <p>{empty}</p> : <>{empty}</>;
  return <>{children(data)}</>;
}
