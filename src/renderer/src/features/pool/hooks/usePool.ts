import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { CustomerListInput } from '../../../../../shared/domain/customer.schema';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';

export function usePoolList(input: CustomerListInput) {
  return useQuery({ queryKey: qk.pool.list(input), queryFn: () => api.pool.list.query(input), placeholderData: keepPreviousData });
}

export function useClaim() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (ids: string[]) => api.pool.claim.mutate({ ids }),
    onSuccess: () => invalidate('pool'),
    // A claim that lost a race still changed the pool: refresh either way.
    onError: () => invalidate('pool'),
  });
}

export function useAssign() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (v: { ids: string[]; toUserId: string; reason?: string | null }) => api.pool.assign.mutate(v),
    onSettled: () => invalidate('pool'),
  });
}
