// Reloading a list after a change: every cached answer of its operations is marked stale.
import { useQueryClient } from '@tanstack/react-query';
import { operationKey } from '../../shared/api/hooks';
import type { Operation } from '../../shared/api/operation';

export function useRefresh(...ops: Operation<unknown, never>[]) {
  const queryClient = useQueryClient();
  return () => ops.forEach((op) => void queryClient.invalidateQueries({ queryKey: operationKey(op) }));
}
