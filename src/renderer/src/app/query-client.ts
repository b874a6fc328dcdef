import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorCodeOf } from '../lib/errors';
import { qk } from '../lib/query-keys';

// CACHE_LOCKED: offline past the lease; the core has signed the user out.
const SIGNED_OUT = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED', 'NOT_SIGNED_IN', 'PASSWORD_CHANGE_REQUIRED', 'TWO_FACTOR_ENROLLMENT_REQUIRED', 'CACHE_LOCKED']);
// Answers that will not change by asking again soon. Unreachable included: the sync engine
// retries with backoff and the live feed refreshes every page when the server is back, so
// a page retrying on its own only keeps an offline save waiting.
const FINAL = new Set([...SIGNED_OUT, 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION', 'SERVER_UNREACHABLE', 'CACHE_LOCKED']);

export function createQueryClient(): QueryClient {
  // A call refused because the session ended sends the user back to the sign-in screen
  // (the session query decides which one) without losing the page they were on.
  const onError = (error: unknown) => {
    if (SIGNED_OUT.has(errorCodeOf(error))) void client.invalidateQueries({ queryKey: qk.session });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && !FINAL.has(errorCodeOf(error)),
      },
      mutations: { retry: false },
    },
  });
  return client;
}
