import type { CrmDataSource } from '../data/data-source';
import type { SessionService } from '../session/session-service';
import type { SyncRunner } from '../sync/sync-runner';

// The same context serves the Electron IPC handler, the dev/test bridge and createCaller.
export interface LocalContext {
  session: SessionService;
  source: CrmDataSource;
  sync: SyncRunner;
  // Set by a transport for a caller it does not trust (an IPC message from a foreign frame):
  // every procedure then answers FORBIDDEN.
  denied?: boolean;
}
