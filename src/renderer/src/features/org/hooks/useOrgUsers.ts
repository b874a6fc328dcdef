import { useQuery } from '@tanstack/react-query';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';

export function useOrgUsers() {
  return useQuery({ queryKey: qk.org.users, queryFn: () => api.org.users.query(), staleTime: 5 * 60_000 });
}
