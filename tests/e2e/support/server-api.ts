import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { ServerRouter } from '../../../server/router';
import { DEMO_PASSWORD, SERVER_URL } from './app';

// A colleague working at the same time on another machine: talks to the server directly,
// not through the browser under test.
export async function colleague(username: string) {
  const anonymous = createTRPCClient<ServerRouter>({ links: [httpBatchLink({ url: `${SERVER_URL}/trpc` })] });
  const { token } = await anonymous.auth.login.mutate({ username, password: DEMO_PASSWORD, device: 'e2e colleague' });
  return createTRPCClient<ServerRouter>({
    links: [httpBatchLink({ url: `${SERVER_URL}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}
