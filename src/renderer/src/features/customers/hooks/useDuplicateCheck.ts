import { useQuery } from '@tanstack/react-query';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';
import { useDebounced } from '../../../lib/useDebounced';

export interface DuplicateProbe {
  name?: string;
  phone?: string | null;
  creditCode?: string | null;
  excludeId?: string;
}

export interface DuplicateMatch {
  field: 'creditCode' | 'name' | 'phone';
  // Null when the match is outside what the user may open (name masked, owner withheld).
  id: string | null;
  name: string;
  owner: string;
}

// Asks while the user types (debounced) whether the name, phone or credit code is taken.
export function useDuplicateCheck(probe: DuplicateProbe) {
  const p = useDebounced(
    {
      name: probe.name?.trim() || undefined,
      phone: probe.phone?.trim() || undefined,
      creditCode: probe.creditCode?.trim() || undefined,
      excludeId: probe.excludeId,
    },
    500,
  );
  const enabled = (p.name?.length ?? 0) >= 2 || (p.phone?.length ?? 0) >= 7 || (p.creditCode?.length ?? 0) === 18;
  return useQuery({
    queryKey: qk.customers.duplicates(p),
    queryFn: async () => (await api.customers.checkDuplicates.query(p)) as DuplicateMatch[],
    enabled,
    staleTime: 10_000,
    select: (rows) => (enabled ? rows : []),
  });
}
