import { QueryKey, useMutation, UseMutationOptions, useQuery, UseQueryOptions } from '@tanstack/react-query';
import { useSession } from '../../features/auth/session';
import type { ApiError } from './graphql-client';
import { operationName, type Operation } from './operation';

/** The cache key of an operation's answers: its name, then its variables (a prefix matches them all). */
export function operationKey<TVariables>(op: Operation<unknown, TVariables>, variables?: TVariables): QueryKey {
  return variables === undefined ? [operationName(op)] : [operationName(op), variables];
}

type QueryOptions<TData> = Omit<UseQueryOptions<TData, ApiError, TData, QueryKey>, 'queryKey' | 'queryFn'>;

/** A query of the API, cached under the operation's name and variables. */
export function useApiQuery<TData, TVariables extends object>(
  op: Operation<TData, TVariables>,
  variables: TVariables,
  options: QueryOptions<TData> = {},
) {
  const session = useSession();
  return useQuery<TData, ApiError, TData, QueryKey>({
    queryKey: operationKey(op, variables),
    queryFn: ({ signal }) => session.request(op, variables, signal),
    ...options,
  });
}

type MutationOptions<TData, TVariables> = Omit<UseMutationOptions<TData, ApiError, TVariables>, 'mutationFn'>;

/** A mutation of the API; errors arrive as ApiError with the server's code and field problems. */
export function useApiMutation<TData, TVariables extends object>(
  op: Operation<TData, TVariables>,
  options: MutationOptions<TData, TVariables> = {},
) {
  const session = useSession();
  return useMutation<TData, ApiError, TVariables>({
    mutationFn: (variables) => session.request(op, variables),
    ...options,
  });
}
