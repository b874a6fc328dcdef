import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type LocalOutputs } from '../../../lib/trpc';

type SessionState = LocalOutputs['session']['state'];
import { qk } from '../../../lib/query-keys';

export function useSessionState() {
  return useQuery({ queryKey: qk.session, queryFn: () => api.session.state.query(), retry: 2, staleTime: Infinity });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { serverUrl: string; username: string; password: string }) => api.session.login.mutate(input),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.session }),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.session.logout.mutate(),
    // Show the sign-in screen on the click, not after the server has been told (which may
    // take seconds when it is slow or gone), and drop everything cached for this user so none
    // of it can show for the next one.
    onMutate: () => {
      qc.setQueryData(qk.session, (s: SessionState | undefined) => (s ? { ...s, signedIn: false, user: null } : s));
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== qk.session[0] });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: qk.session }),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.session.changePassword.mutate(input),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.session }),
  });
}

export function useForgetProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.session.forgetProfile.mutate({ id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.session }),
  });
}
