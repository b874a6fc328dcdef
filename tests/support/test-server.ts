import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { startServer, type RunningServer } from '../../server/app';
import type { ServerRouter } from '../../server/router';
import { DEMO_PASSWORD, seedDemoOrg, type DemoOrg } from '../../server/modules/demo/demo-org';
import { freshDatabase } from './databases';

export type ServerClient = ReturnType<typeof createTRPCClient<ServerRouter>>;

export interface TestServer {
  server: RunningServer;
  url: string;
  org: DemoOrg;
  // A tRPC client signed in as a demo user (password demo1234).
  as(username: string): Promise<ServerClient>;
  anonymous(): ServerClient;
  // A raw HTTP call, as curl or an attacker would make it.
  raw(path: string, init?: RequestInit & { token?: string }): Promise<{ status: number; body: any }>;
  // Stops the server and starts it again on the same database and port, as after a crash
  // or an upgrade: sessions and data stay, in-memory state (rate limits, challenges) goes.
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function clientFor(url: string, token?: string): ServerClient {
  return createTRPCClient<ServerRouter>({
    links: [httpBatchLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
}

// A server on a random port over a fresh database of the engine under test (CRM_TEST_DB),
// with the demo organisation loaded.
export async function startTestServer(): Promise<TestServer> {
  const { config, drop } = await freshDatabase();
  let server = await startServer(config);
  const org = await seedDemoOrg(server.db);
  const tokens = new Map<string, string>();
  return {
    get server() {
      return server;
    },
    url: server.url,
    org,
    async as(username) {
      let token = tokens.get(username);
      if (!token) {
        token = (await clientFor(server.url).auth.login.mutate({ username, password: DEMO_PASSWORD })).token;
        tokens.set(username, token);
      }
      return clientFor(server.url, token);
    },
    anonymous: () => clientFor(server.url),
    async raw(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      if (rest.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const res = await fetch(`${server.url}${path}`, { ...rest, headers });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON; keep the text
      }
      return { status: res.status, body };
    },
    async restart() {
      await server.close();
      server = await startServer({ ...config, port: Number(new URL(server.url).port) });
    },
    async close() {
      await server.close();
      await drop();
    },
  };
}

// The app error code of a failed call, e.g. 'NOT_FOUND'.
export async function errorCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) return (e.data as { appCode?: string } | undefined)?.appCode ?? 'UNKNOWN';
    throw e;
  }
  throw new Error('expected the call to fail, it succeeded');
}
