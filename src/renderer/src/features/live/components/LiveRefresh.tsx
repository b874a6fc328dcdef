import { useLiveRefresh } from '../hooks/useLiveRefresh';

// Renders nothing; lives in the signed-in layout so the subscription follows the session.
export function LiveRefresh() {
  useLiveRefresh();
  return null;
}
