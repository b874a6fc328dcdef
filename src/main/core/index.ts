import path from 'node:path';
import type { LocalRouter } from './api/local-router';
import { localRouter } from './api/local-router';
import type { LocalContext } from './api/context';
import { createCachedSource } from './data/cached-source';
import { createRemoteSource } from './data/remote-source';
import type { SecretStore } from './secrets/secret-store';
import { ProfileStore } from './session/profile-store';
import type { FetchFn } from './session/server-client';
import { SessionService } from './session/session-service';
import { SyncRunner } from './sync/sync-runner';

export type { LocalRouter } from './api/local-router';
export type { SecretStore, SecretCodec } from './secrets/secret-store';
export { FileSecretStore, MemorySecretStore } from './secrets/secret-store';

export interface ClientCoreOptions {
  // Profiles and (later) the offline cache live here; the desktop app passes userData.
  dataDir: string;
  secretStore: SecretStore;
  // Where the offline caches' keys are kept (default: secretStore). The desktop app passes a
  // store wrapped by the OS keychain; tests keep the keys apart from the session token.
  cacheKeyStore?: SecretStore;
  // The clock of the offline lease (tests move it).
  now?: () => Date;
  // Sent with each sign-in so the server's session list says where a session came from.
  deviceName: string;
  fetch?: FetchFn;
  // Per-request timeout towards the server (default 30 s).
  requestTimeoutMs?: number;
  // Offered in the sign-in form before any server has been used (the dev launcher passes its
  // embedded server; a preconfigured installation could pass the company's).
  defaultServerUrl?: string;
}

export interface ClientCore {
  router: LocalRouter;
  createContext(): LocalContext;
  // In-process calls (tests, the shell's own use), the same path the renderer's calls take.
  caller: ReturnType<LocalRouter['createCaller']>;
  session: SessionService;
  // The offline cache of the signed-in user and its background sync (the data source reads
  // and writes through it once its first snapshot is in).
  sync: SyncRunner;
  close(): Promise<void>;
}

// The client's logic in plain Node: the Electron shell wraps it in IPC, the dev/test bridge
// in HTTP, and the tests call it directly.
export async function createClientCore(opts: ClientCoreOptions): Promise<ClientCore> {
  const profiles = new ProfileStore(path.resolve(opts.dataDir));
  const session = new SessionService({
    profiles,
    secrets: opts.secretStore,
    deviceName: opts.deviceName,
    fetch: opts.fetch,
    timeoutMs: opts.requestTimeoutMs,
    defaultServerUrl: opts.defaultServerUrl,
  });
  const sync = new SyncRunner(path.resolve(opts.dataDir), session, opts.cacheKeyStore ?? opts.secretStore, opts.now);
  await session.restore();
  await sync.settled();
  // Customers, contacts and follow-ups from the offline cache once it holds the user's scope;
  // the rest from the server.
  const source = createCachedSource(createRemoteSource(session), sync, session);
  const ctx: LocalContext = { session, source, sync };
  return {
    router: localRouter,
    createContext: () => ctx,
    caller: localRouter.createCaller(ctx),
    session,
    sync,
    async close() {
      sync.close();
      await sync.settled();
    },
  };
}
