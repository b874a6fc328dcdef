import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { ipcLink } from 'trpc-electron/renderer';
import type { LocalRouter } from '../../../main/core/api/local-router';

// The renderer's only way to data: the client core's local router. Inside the desktop app
// that is Electron IPC (the preload exposes window.electronTRPC); in a browser (`npm start`,
// the browser tests) it is the loopback dev/test bridge that served this page, guarded by the
// token printed in the URL as #bridge=<token>.
export type LocalInputs = inferRouterInputs<LocalRouter>;
export type LocalOutputs = inferRouterOutputs<LocalRouter>;

const TOKEN_KEY = 'crm.bridgeToken';

export const apiMode: 'electron' | 'bridge' = typeof window !== 'undefined' && 'electronTRPC' in window ? 'electron' : 'bridge';

// Taken once from the address (then kept for this tab only) and removed from the address bar
// so that it does not end up in history, bookmarks or screenshots.
function takeBridgeToken(): string | null {
  const m = /^#bridge=([A-Za-z0-9_-]+)$/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export const bridgeToken: string | null = apiMode === 'bridge' ? takeBridgeToken() : null;

function bridgeLink(): TRPCLink<LocalRouter> {
  const url = `${window.location.origin}/api`;
  const token = bridgeToken ?? '';
  return splitLink({
    condition: (op) => op.type === 'subscription',
    // EventSource cannot send headers; the token goes as tRPC connectionParams instead.
    true: httpSubscriptionLink({ url, connectionParams: { bridgeToken: token } }),
    false: httpBatchLink({ url, headers: { 'x-bridge-token': token } }),
  });
}

export const api = createTRPCClient<LocalRouter>({
  links: [apiMode === 'electron' ? ipcLink<LocalRouter>() : bridgeLink()],
});
