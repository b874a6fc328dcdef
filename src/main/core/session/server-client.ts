import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { ServerRouter } from '../../../../server/router';

export type ServerClient = TRPCClient<ServerRouter>;
export type FetchFn = typeof globalThis.fetch;

// A request the server does not answer within this is treated as the server being unreachable,
// rather than leaving the UI spinning on a half-open connection.
const REQUEST_TIMEOUT_MS = 30_000;
// A spreadsheet import carries the file and works through every row before it answers.
const IMPORT_TIMEOUT_MS = 15 * 60_000;

// The tRPC client for one server. The token is read at each request so that signing out
// or an expired session takes effect on calls already queued.
export function createServerClient(opts: { url: string; token: () => string | null; fetch?: FetchFn; timeoutMs?: number }): ServerClient {
  const baseFetch = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const auth = (): Record<string, string> => {
    const token = opts.token();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const fetchWithin =
    (ms: number): FetchFn =>
    (input, init) => {
      const timeout = AbortSignal.timeout(ms);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return baseFetch(input, { ...init, signal });
    };
  const timedFetch: FetchFn = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return baseFetch(input, { ...init, signal });
  };
  return createTRPCClient<ServerRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // Server-sent events with the bearer header (Node has no EventSource that can send one).
        true: httpSubscriptionLink({
          url: `${opts.url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => baseFetch(input, { ...init, headers: { ...init.headers, ...auth() } }),
          }),
        }),
        // Imports go alone (the server accepts a large body only for a single imports.* call).
        false: splitLink({
          condition: (op) => op.path.startsWith('imports.'),
          true: httpLink({ url: `${opts.url}/trpc`, fetch: fetchWithin(IMPORT_TIMEOUT_MS), headers: auth }),
          false: httpBatchLink({ url: `${opts.url}/trpc`, fetch: timedFetch, headers: auth, maxURLLength: 4000 }),
        }),
      }),
    ],
  });
}
