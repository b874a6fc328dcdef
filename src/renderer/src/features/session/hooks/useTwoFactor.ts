import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';

const STATUS = ['session', 'twoFactor'] as const;

// The second step of a sign-in: the core holds the challenge, the UI sends only the code.
export function useLoginTwoFactor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.session.loginTwoFactor.mutate({ code }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.session }),
  });
}

export const useTwoFactorStatus = () => useQuery({ queryKey: STATUS, queryFn: () => api.session.twoFactor.status.query() });

export function useTwoFactorActions() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: STATUS });
  return {
    start: useMutation({ mutationFn: () => api.session.twoFactor.start.mutate() }),
    // The session (mustEnrollTwoFactor) is refreshed by the caller once the recovery codes have
    // been seen: on the forced screen that refresh leaves the screen.
    confirm: useMutation({ mutationFn: (code: string) => api.session.twoFactor.confirm.mutate({ code }), onSuccess: refresh }),
    disable: useMutation({
      mutationFn: (input: { password?: string; code?: string }) => api.session.twoFactor.disable.mutate(input),
      onSuccess: async () => {
        await refresh();
        await qc.invalidateQueries({ queryKey: qk.session });
      },
    }),
  };
}
