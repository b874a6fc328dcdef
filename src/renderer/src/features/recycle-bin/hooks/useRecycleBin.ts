import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { CustomerListInput } from '../../../../../shared/domain/customer.schema';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';

export function useRecycleBin(input: CustomerListInput) {
  return useQuery({ queryKey: qk.recycleBin.list(input), queryFn: () => api.customers.recycleBin.query(input), placeholderData: keepPreviousData });
}

export function useRestore() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (ids: string[]) => api.customers.restore.mutate({ ids }),
    onSettled: () => invalidate('customers'),
  });
}

export function usePurge() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (ids: string[]) => api.customers.purge.mutate({ ids }),
    onSettled: () => invalidate('customers'),
  });
}
