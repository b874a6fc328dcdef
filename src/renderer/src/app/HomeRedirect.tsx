import { Navigate } from 'react-router-dom';
import { useCan } from '../lib/session-context';
import { NAV_ITEMS } from './layout/nav-items';

// The first module the user may open; everyone can at least see their profile.
export function HomeRedirect() {
  const can = useCan();
  const first = NAV_ITEMS.find((i) => can(i.needs));
  return <Navigate to={first?.path ?? '/profile'} replace />;
}
