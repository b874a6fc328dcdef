import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, type LocalOutputs } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';

export type ConflictEntry = LocalOutputs['sync']['conflicts'][number];
export type RejectedEntry = LocalOutputs['sync']['rejected'][number];
export type ReopenDraft = LocalOutputs['sync']['reopenRejected'];

const reviewKeys = {
  all: ['syncReview'] as const,
  conflicts: ['syncReview', 'conflicts'] as const,
  rejected: ['syncReview', 'rejected'] as const,
  reopen: (mutationId: string) => ['syncReview', 'reopen', mutationId] as const,
};

export function useConflicts() {
  return useQuery({ queryKey: reviewKeys.conflicts, queryFn: () => api.sync.conflicts.query() });
}

export function useRejected() {
  return useQuery({ queryKey: reviewKeys.rejected, queryFn: () => api.sync.rejected.query() });
}

export function useReopenDraft(mutationId: string) {
  // The draft is what the user typed: it must not change under an open form.
  return useQuery({ queryKey: reviewKeys.reopen(mutationId), queryFn: () => api.sync.reopenRejected.query({ mutationId }), staleTime: Infinity, retry: false });
}

// A sync round may bring new conflicts or refusals (or settle none): the lists follow the
// status feed rather than a timer.
export function useReviewFollowsSync(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let last = '';
    const sub = api.sync.onStatus.subscribe(undefined, {
      onData: (s) => {
        const key = `${s.conflicts}/${s.rejected}/${s.lastSyncAt ?? ''}`;
        if (key !== last && last !== '') void qc.invalidateQueries({ queryKey: reviewKeys.all });
        last = key;
      },
      onError: () => {},
    });
    return () => sub.unsubscribe();
  }, [qc]);
}

// The lists are refreshed before the action counts as done; using my values changes the record
// too, whose pages refresh in the background (some of their lookups may be waiting on a server
// that is not there).
function useResolve<I>(call: (input: I) => Promise<unknown>, changesRecords: boolean) {
  const qc = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: call,
    onSettled: async () => {
      if (changesRecords) void invalidate('customers', 'contacts', 'followUps');
      await qc.invalidateQueries({ queryKey: reviewKeys.all });
    },
  });
}

export const useUseMine = () => useResolve((input: { mutationId: string; fields?: string[] }) => api.sync.useMine.mutate(input), true);
export const useKeepServer = () => useResolve((input: { mutationId: string }) => api.sync.keepServer.mutate(input), false);
export const useDiscardRejected = () => useResolve((input: { mutationId: string }) => api.sync.discardRejected.mutate(input), false);
