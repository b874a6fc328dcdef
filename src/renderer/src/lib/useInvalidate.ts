import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { AFFECTED_BY } from './query-keys';

// After a write, refresh every query group that shows the kind of thing written.
export function useInvalidate(): (...groups: (keyof typeof AFFECTED_BY)[]) => Promise<void> {
  const qc = useQueryClient();
  return useCallback(
    async (...groups) => {
      const keys = groups.flatMap((g) => AFFECTED_BY[g] ?? []);
      await Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
    [qc],
  );
}
