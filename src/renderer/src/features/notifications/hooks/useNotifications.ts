import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';

export function useNotifications() {
  return useQuery({
    queryKey: qk.notifications.all,
    queryFn: () => api.notifications.list.query({ page: 1, pageSize: 30 }),
    // Live events refresh it; the interval only covers a missed event.
    refetchInterval: 120_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[] | 'all') => api.notifications.markRead.mutate(ids === 'all' ? { all: true } : { ids }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.notifications.all }),
  });
}
