import type { SessionService } from '../session/session-service';
import { createAdminSource } from './admin-source';
import type { CrmDataSource, LiveEvent, LiveInput } from './data-source';
import { EventQueue } from '../util/event-queue';

// Answers everything by asking the signed-in server. The session adds the token, maps errors
// to app codes and ends the session on a 401.
export function createRemoteSource(session: SessionService): CrmDataSource {
  const call = session.call.bind(session);
  return {
    customers: {
      list: (i) => call((c) => c.customers.list.query(i)),
      get: (i) => call((c) => c.customers.get.query(i)),
      create: (i) => call((c) => c.customers.create.mutate(i)),
      update: (i) => call((c) => c.customers.update.mutate(i)),
      delete: (i) => call((c) => c.customers.delete.mutate(i)),
      recycleBin: (i) => call((c) => c.customers.recycleBin.query(i)),
      restore: (i) => call((c) => c.customers.restore.mutate(i)),
      purge: (i) => call((c) => c.customers.purge.mutate(i)),
      transfer: (i) => call((c) => c.customers.transfer.mutate(i)),
      ownerHistory: (i) => call((c) => c.customers.ownerHistory.query(i)),
      tags: (i) => call((c) => c.customers.tags.query(i)),
      checkDuplicates: (i) => call((c) => c.customers.checkDuplicates.query(i)),
      reveal: (i) => call((c) => c.customers.reveal.mutate(i)),
    },
    contacts: {
      list: (i) => call((c) => c.contacts.list.query(i)),
      get: (i) => call((c) => c.contacts.get.query(i)),
      create: (i) => call((c) => c.contacts.create.mutate(i)),
      update: (i) => call((c) => c.contacts.update.mutate(i)),
      delete: (i) => call((c) => c.contacts.delete.mutate(i)),
      reveal: (i) => call((c) => c.contacts.reveal.mutate(i)),
    },
    followUps: {
      list: (i) => call((c) => c.followUps.list.query(i)),
      get: (i) => call((c) => c.followUps.get.query(i)),
      create: (i) => call((c) => c.followUps.create.mutate(i)),
      update: (i) => call((c) => c.followUps.update.mutate(i)),
      delete: (i) => call((c) => c.followUps.delete.mutate(i)),
    },
    pool: {
      list: (i) => call((c) => c.pool.list.query(i)),
      claim: (i) => call((c) => c.pool.claim.mutate(i)),
      release: (i) => call((c) => c.pool.release.mutate(i)),
      assign: (i) => call((c) => c.pool.assign.mutate(i)),
    },
    org: {
      users: (i) => call((c) => c.org.users.query(i)),
      departments: (i) => call((c) => c.org.departments.query(i)),
    },
    notifications: {
      list: (i) => call((c) => c.notifications.list.query(i)),
      markRead: (i) => call((c) => c.notifications.markRead.mutate(i)),
    },
    imports: {
      preview: (i) => call((c) => c.imports.preview.mutate(i)),
      dryRun: (i) => call((c) => c.imports.dryRun.mutate(i)),
      commit: (i) => call((c) => c.imports.commit.mutate(i)),
      progress: (i) => call((c) => c.imports.progress.query(i)),
      cancel: (i) => call((c) => c.imports.cancel.mutate(i)),
      errorReport: (i) => call((c) => c.imports.errorReport.mutate(i)),
      history: () => call((c) => c.imports.history.query()),
      undo: (i) => call((c) => c.imports.undo.mutate(i)),
      templates: (i) => call((c) => c.imports.templates.query(i)),
      saveTemplate: (i) => call((c) => c.imports.saveTemplate.mutate(i)),
      deleteTemplate: (i) => call((c) => c.imports.deleteTemplate.mutate(i)),
      blankTemplate: (i) => call((c) => c.imports.blankTemplate.query(i)),
    },
    exports: {
      customers: (i) => call((c) => c.exports.customers.mutate(i)),
      contacts: (i) => call((c) => c.exports.contacts.mutate(i)),
      followUps: (i) => call((c) => c.exports.followUps.mutate(i)),
      start: (i) => call((c) => c.exports.start.mutate(i)),
      progress: (i) => call((c) => c.exports.progress.query(i)),
      cancel: (i) => call((c) => c.exports.cancel.mutate(i)),
      result: (i) => call((c) => c.exports.result.mutate(i)),
    },
    auth: {
      sessions: (i) => call((c) => c.auth.sessions.query(i)),
      revokeSession: (i) => call((c) => c.auth.revokeSession.mutate(i)),
    },
    admin: createAdminSource(call),
    live: {
      onChange: (input, signal) => forwardChanges(session, input, signal),
    },
  };
}

// Bridges the server's change feed (an SSE subscription) to an async iterable the local
// router can yield from. Ends when the caller aborts or the session ends.
async function* forwardChanges(session: SessionService, input: LiveInput, signal: AbortSignal | undefined): AsyncGenerator<LiveEvent> {
  const { client, mapError, isCurrent } = session.connection();
  const queue = new EventQueue<LiveEvent>();
  const sub = client.changes.onChange.subscribe(input, {
    onData: (event: LiveEvent) => queue.push(event),
    onError: (e: unknown) => queue.fail(e),
    onComplete: () => queue.end(),
  }) as { unsubscribe(): void };
  const stop = () => queue.end();
  signal?.addEventListener('abort', stop);
  // A feed belongs to one session: signing out or in as someone else ends it.
  const offSession = session.onChange(() => {
    if (!isCurrent()) stop();
  });
  try {
    yield* queue.drain();
  } catch (e) {
    throw await mapError(e);
  } finally {
    signal?.removeEventListener('abort', stop);
    offSession();
    sub.unsubscribe();
  }
}
