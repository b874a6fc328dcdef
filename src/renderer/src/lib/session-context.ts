import { createContext, useContext, useMemo } from 'react';
import type { SessionUser } from '../../../shared/domain/auth.schema';
import type { Permission } from '../../../shared/permissions/catalog';
import { can } from '../../../shared/permissions/can';

export const SessionContext = createContext<SessionUser | null>(null);

// Only rendered below the session gate, so a user is always there.
export function useUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useUser outside of a signed-in session');
  return user;
}

// For showing and hiding actions only; the server decides what is allowed.
export function useCan(): (permission: Permission) => boolean {
  const user = useUser();
  return useMemo(() => {
    const grant = { permissions: new Set(user.permissions) };
    return (p: Permission) => can(grant, p);
  }, [user]);
}
