import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AFFECTED_BY, qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';

// Maps an entity name from a change notice ("customer", "contact", "followUp", ...) to the
// query groups that show it.
export function groupsFor(entity: string): readonly (readonly string[])[] {
  const e = entity.toLowerCase();
  if (e.startsWith('customer')) return AFFECTED_BY.customers!;
  if (e.startsWith('contact')) return AFFECTED_BY.contacts!;
  if (e.startsWith('follow')) return AFFECTED_BY.followUps!;
  if (e.startsWith('pool')) return AFFECTED_BY.pool!;
  if (e.startsWith('notification')) return AFFECTED_BY.notifications!;
  if (e.startsWith('user') || e.startsWith('department') || e.startsWith('org')) return AFFECTED_BY.org!;
  if (e.startsWith('session')) return [qk.session];
  // Something new: refresh everything rather than show stale data.
  return Object.values(AFFECTED_BY).flat();
}

function invalidate(qc: QueryClient, groups: readonly (readonly string[])[]): void {
  const seen = new Set<string>();
  for (const key of groups) {
    const id = key.join('/');
    if (seen.has(id)) continue;
    seen.add(id);
    void qc.invalidateQueries({ queryKey: key });
  }
}

const RETRY_MS = 5_000;

// Something changed (here, on another machine, or by a scheduled job on the server): refresh
// what shows it. A broken feed is reopened after a pause; what changed meanwhile is unknown,
// so everything shown is refreshed then.
export function useLiveRefresh(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sub: { unsubscribe(): void } | undefined;
    const open = (reopened: boolean) => {
      if (reopened) invalidate(qc, Object.values(AFFECTED_BY).flat());
      sub = api.live.onChange.subscribe(undefined, {
        onData: (raw: unknown) => {
          const entity = (raw as { entity?: unknown }).entity;
          invalidate(qc, typeof entity === 'string' ? groupsFor(entity) : Object.values(AFFECTED_BY).flat());
        },
        onError: () => retry(),
        onComplete: () => retry(),
      });
    };
    const retry = () => {
      if (stopped) return;
      sub?.unsubscribe();
      clearTimeout(timer);
      timer = setTimeout(() => open(true), RETRY_MS);
    };
    open(false);
    return () => {
      stopped = true;
      clearTimeout(timer);
      sub?.unsubscribe();
    };
  }, [qc]);
}
