import { useMutation, useQuery } from '@tanstack/react-query';
import type { FollowUpFields } from '../../../../../shared/domain/followup.schema';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';

export function useFollowUps(customerId: string) {
  return useQuery({
    queryKey: qk.followUps.list(customerId),
    queryFn: () => api.followUps.list.query({ customerId, page: 1, pageSize: 200 }),
  });
}

export function useCreateFollowUp(customerId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (v: FollowUpFields & { id: string }) => api.followUps.create.mutate({ ...v, customerId }),
    // The customer's last / next follow-up dates change with it.
    onSuccess: () => invalidate('followUps'),
  });
}

export function useDeleteFollowUp() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.followUps.delete.mutate({ id }),
    onSuccess: () => invalidate('followUps'),
  });
}
