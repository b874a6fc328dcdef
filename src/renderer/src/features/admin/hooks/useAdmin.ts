import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { qk } from '../../../lib/query-keys';
import { api, type LocalInputs } from '../../../lib/trpc';

type AdminIn = LocalInputs['admin'];

// Administration queries live under ['admin', ...]; a change refreshes them and the org pickers.
const ADMIN = ['admin'] as const;

function useAdminMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await Promise.all([ADMIN, qk.org.users, qk.org.departments].map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
  });
}

export const useAdminUsers = (input: AdminIn['users']['list']) =>
  useQuery({ queryKey: [...ADMIN, 'users', input], queryFn: () => api.admin.users.list.query(input), placeholderData: keepPreviousData });
export const useUserSessions = (userId: string | null) =>
  useQuery({ queryKey: [...ADMIN, 'sessions', userId], queryFn: () => api.admin.users.sessions.query({ userId: userId! }), enabled: !!userId });
export const useRoles = () => useQuery({ queryKey: [...ADMIN, 'roles'], queryFn: () => api.admin.roles.list.query() });
export const useSecuritySettings = () => useQuery({ queryKey: [...ADMIN, 'settings'], queryFn: () => api.admin.settings.get.query() });
export const useAuditLog = (input: AdminIn['audit']['list']) =>
  useQuery({ queryKey: [...ADMIN, 'audit', input], queryFn: () => api.admin.audit.list.query(input), placeholderData: keepPreviousData });

export function useAdminActions() {
  return {
    createUser: useAdminMutation((i: AdminIn['users']['create']) => api.admin.users.create.mutate(i)),
    updateUser: useAdminMutation((i: AdminIn['users']['update']) => api.admin.users.update.mutate(i)),
    disableUser: useAdminMutation((id: string) => api.admin.users.disable.mutate({ id })),
    enableUser: useAdminMutation((id: string) => api.admin.users.enable.mutate({ id })),
    unlockUser: useAdminMutation((id: string) => api.admin.users.unlock.mutate({ id })),
    resetPassword: useAdminMutation((id: string) => api.admin.users.resetPassword.mutate({ id })),
    resetTwoFactor: useAdminMutation((id: string) => api.admin.users.resetTwoFactor.mutate({ id })),
    handOver: useAdminMutation((i: AdminIn['users']['handOver']) => api.admin.users.handOver.mutate(i)),
    revokeSession: useAdminMutation((id: string) => api.admin.users.revokeSession.mutate({ id })),
    createDepartment: useAdminMutation((i: AdminIn['departments']['create']) => api.admin.departments.create.mutate(i)),
    renameDepartment: useAdminMutation((i: AdminIn['departments']['rename']) => api.admin.departments.rename.mutate(i)),
    moveDepartment: useAdminMutation((i: AdminIn['departments']['move']) => api.admin.departments.move.mutate(i)),
    setDepartmentEnabled: useAdminMutation((i: AdminIn['departments']['setEnabled']) => api.admin.departments.setEnabled.mutate(i)),
    createRole: useAdminMutation((i: AdminIn['roles']['create']) => api.admin.roles.create.mutate(i)),
    copyRole: useAdminMutation((i: AdminIn['roles']['copy']) => api.admin.roles.copy.mutate(i)),
    updateRole: useAdminMutation((i: AdminIn['roles']['update']) => api.admin.roles.update.mutate(i)),
    setRoleTwoFactor: useAdminMutation((i: AdminIn['roles']['setTwoFactor']) => api.admin.roles.setTwoFactor.mutate(i)),
    setSettings: useAdminMutation((i: AdminIn['settings']['set']) => api.admin.settings.set.mutate(i)),
  };
}

export const useDepartmentTree = () => useQuery({ queryKey: qk.org.departments, queryFn: () => api.org.departments.query() });
