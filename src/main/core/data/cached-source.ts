import { v7 as uuidv7 } from 'uuid';
import { contactCreateInput, contactListInput } from '../../../shared/domain/contact.schema';
import { customerCreateInput, customerListInput } from '../../../shared/domain/customer.schema';
import { followUpCreateInput, followUpListInput } from '../../../shared/domain/followup.schema';
import { AppError, isErrorCode, type ErrorParams } from '../../../shared/errors';
import type { Permission } from '../../../shared/permissions/catalog';
import { listContacts, listCustomers, listFollowUps } from '../cache/cached-lists';
import type { CacheStore, Entity, Mutation, Row } from '../cache/cache-store';
import type { SessionService } from '../session/session-service';
import type { SyncRunner } from '../sync/sync-runner';
import type { CrmDataSource, LiveEvent, LiveInput } from './data-source';
import { EventQueue } from '../util/event-queue';

// The offline-first data source: customers, contacts and follow-ups are read from the
// user's cache once its first snapshot is in (the server's feed sends the same DTOs its read
// procedures return, already scoped and masked), and written to the cache and its outbox in
// one local transaction, answered with the row as it will look; the sync engine takes the
// edit to the server. Everything else (pool, transfer, recycle bin, imports, admin, ...) stays
// online through the remote source.
//
// While the server is reachable a write waits briefly for the server's answer, so a refusal
// (a duplicate, a rule) reaches the form that made it, as before; offline it answers at once
// and a later refusal is rolled back and listed for review.

const MODULE: Record<Entity, 'customers' | 'contacts' | 'followups'> = { customer: 'customers', contact: 'contacts', followUp: 'followups' };
const ENTITY_OF_NOTICE: Record<string, Entity> = { customer: 'customer', contact: 'contact', followUp: 'followUp' };
// How long a write waits for the server before answering with the optimistic row, and how
// long an online-only change waits for the cache to catch up with it.
const SETTLE_WAIT_MS = 8_000;

export function createCachedSource(remote: CrmDataSource, sync: SyncRunner, session: SessionService): CrmDataSource {
  const me = () => session.user();
  const allowed = (p: string) => (me()?.permissions as string[] | undefined)?.includes(p as Permission) ?? false;

  // The cache, when it can answer for this kind of record: complete and readable by the user.
  const cacheFor = (entity: Entity): CacheStore | null => {
    const cache = sync.readableCache();
    if (!cache?.db.open || !cache.snapshotComplete()) return null;
    return allowed(`${MODULE[entity]}.view`) ? cache : null;
  };

  // For reads: the cache, or null to ask the server. A user without the view permission is
  // refused here as the server would refuse them (so offline says why, not "unreachable").
  const readFrom = (entity: Entity): CacheStore | null => {
    const cache = cacheFor(entity);
    if (cache) return cache;
    const permission = `${MODULE[entity]}.view`;
    if (sync.cache()?.snapshotComplete() && !allowed(permission)) throw new AppError('FORBIDDEN', { permission });
    return null;
  };

  const withTimeout = (p: Promise<unknown>, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      p.then(
        () => resolve(),
        () => resolve(),
      ).finally(() => clearTimeout(timer));
    });

  // After a change made online on the server (claim, transfer, restore, ...), the cache pulls
  // it before the caller's next read, which comes from the cache.
  const catchUp = async <T>(result: Promise<T>): Promise<T> => {
    const value = await result;
    const engine = sync.engine();
    if (engine && sync.cache()?.snapshotComplete()) await withTimeout(engine.sync(), SETTLE_WAIT_MS);
    return value;
  };

  // Kicks the engine; online, waits (bounded) for the server's answer to `m` and turns a
  // refusal into the error the caller would have had from the server directly.
  const settle = async (cache: CacheStore, m: Mutation): Promise<void> => {
    const engine = sync.engine();
    if (!engine) return;
    if (engine.status().state === 'offline') {
      engine.kick();
      return;
    }
    const deadline = Date.now() + SETTLE_WAIT_MS;
    // A round already past its push joins first; the next one takes this mutation.
    for (let i = 0; i < 3 && cache.db.open && cache.isPending(m.id) && Date.now() < deadline; i++) {
      let failed = false;
      await withTimeout(
        engine.sync().catch(() => (failed = true)),
        deadline - Date.now(),
      );
      if (failed) break;
    }
    if (!cache.db.open) return;
    if (cache.isPending(m.id)) {
      engine.kick();
      return;
    }
    const refused = cache.takeRejected(m.id);
    if (refused) {
      sync.changed();
      throw new AppError(isErrorCode(refused.appCode) ? refused.appCode : 'INTERNAL', (refused.params ?? {}) as ErrorParams, refused.fieldErrors ?? []);
    }
  };

  const written = async (cache: CacheStore, entity: Entity, m: Mutation, optimistic: Row): Promise<never> => {
    await settle(cache, m);
    return (cache.get(entity, m.entityId) ?? optimistic) as never;
  };

  const now = () => new Date().toISOString();
  const meRef = () => ({ id: me()!.id, name: me()!.displayName });

  return {
    ...remote,
    customers: {
      ...remote.customers,
      list: async (i) => {
        const cache = readFrom('customer');
        return cache ? (listCustomers(cache.db, customerListInput.parse(i)) as never) : remote.customers.list(i);
      },
      get: async (i) => (readFrom('customer')?.get('customer', i.id) as never) ?? remote.customers.get(i),
      create: async (i) => {
        const cache = cacheFor('customer');
        const user = me();
        // Another owner: the server decides at once.
        if (!cache || !user || !allowed('customers.create') || (i.ownerId && i.ownerId !== user.id)) return catchUp(remote.customers.create(i));
        // The same create again (a retry with the id the renderer chose): it is already here.
        const again = i.id ? cache.get('customer', i.id) : null;
        if (again) return again as never;
        const { id = uuidv7(), ownerId: _owner, collaboratorIds, ...fields } = customerCreateInput.parse(i);
        const at = now();
        const parent = fields.parentId ? cache.get('customer', fields.parentId) : null;
        const shown: Row = {
          ...fields,
          id,
          owner: meRef(),
          collaborators: collaboratorIds.map((c) => ({ id: c, name: cache.userName(c) ?? '' })),
          parent: fields.parentId ? { id: fields.parentId, name: String(parent?.name ?? '') } : null,
          createdBy: meRef(),
          createdAt: at,
          updatedAt: at,
          lastFollowUpAt: null,
          nextFollowUpAt: null,
          deletedAt: null,
          poolSince: null,
          version: 0,
          maskedFields: [],
          hiddenFields: [],
        };
        const m = cache.create('customer', { ...fields, collaboratorIds }, { id, shown });
        return written(cache, 'customer', m, shown);
      },
      update: async (i) => {
        const cache = cacheFor('customer');
        if (!cache || !allowed('customers.edit') || !cache.get('customer', i.id)) return catchUp(remote.customers.update(i));
        const m = cache.update('customer', i.id, definedOnly(i.patch));
        return written(cache, 'customer', m, cache.get('customer', i.id)!);
      },
      delete: async (i) => {
        const cache = cacheFor('customer');
        const ids = [...new Set(i.ids)];
        if (!cache || !allowed('customers.delete') || ids.some((id) => !cache.get('customer', id))) return catchUp(remote.customers.delete(i));
        const ms = cache.db.transaction(() => ids.map((id) => cache.delete('customer', id)))();
        for (const m of ms) await settle(cache, m);
        return { count: ids.length };
      },
      restore: (i) => catchUp(remote.customers.restore(i)),
      transfer: (i) => catchUp(remote.customers.transfer(i)),
    },
    contacts: {
      ...remote.contacts,
      list: async (i) => {
        const cache = readFrom('contact');
        // A customer outside the cache (a pool customer, say) is the server's to answer for.
        if (!cache || (i.customerId && !cacheFor('customer')?.get('customer', i.customerId))) return remote.contacts.list(i);
        return listContacts(cache.db, contactListInput.parse(i)) as never;
      },
      get: async (i) => (readFrom('contact')?.get('contact', i.id) as never) ?? remote.contacts.get(i),
      create: async (i) => {
        const cache = cacheFor('contact');
        const customer = cache?.get('customer', i.customerId);
        if (!cache || !customer || !allowed('contacts.create')) return catchUp(remote.contacts.create(i));
        const again = i.id ? cache.get('contact', i.id) : null;
        if (again) return again as never;
        const { id = uuidv7(), ...fields } = contactCreateInput.parse(i);
        const at = now();
        const shown: Row = { ...fields, id, customerName: String(customer.name ?? ''), createdAt: at, updatedAt: at, version: 0, maskedFields: [], hiddenFields: [] };
        const m = cache.create('contact', fields, { id, shown });
        return written(cache, 'contact', m, shown);
      },
      update: async (i) => {
        const cache = cacheFor('contact');
        if (!cache || !allowed('contacts.edit') || !cache.get('contact', i.id)) return catchUp(remote.contacts.update(i));
        const m = cache.update('contact', i.id, definedOnly(i.patch));
        return written(cache, 'contact', m, cache.get('contact', i.id)!);
      },
      delete: async (i) => {
        const cache = cacheFor('contact');
        if (!cache || !allowed('contacts.delete') || !cache.get('contact', i.id)) return catchUp(remote.contacts.delete(i));
        await settle(cache, cache.delete('contact', i.id));
        return { count: 1 };
      },
    },
    followUps: {
      ...remote.followUps,
      list: async (i) => {
        const cache = readFrom('followUp');
        if (!cache || (i.customerId && !cacheFor('customer')?.get('customer', i.customerId))) return remote.followUps.list(i);
        return listFollowUps(cache.db, followUpListInput.parse(i)) as never;
      },
      get: async (i) => (readFrom('followUp')?.get('followUp', i.id) as never) ?? remote.followUps.get(i),
      create: async (i) => {
        const cache = cacheFor('followUp');
        const customer = cache?.get('customer', i.customerId);
        if (!cache || !customer || !allowed('followups.create')) return catchUp(remote.followUps.create(i));
        const again = i.id ? cache.get('followUp', i.id) : null;
        if (again) return again as never;
        const { id = uuidv7(), ...fields } = followUpCreateInput.parse(i);
        const at = now();
        const contact = fields.contactId ? cache.get('contact', fields.contactId) : null;
        const shown: Row = {
          ...fields,
          // Sorted as UTC text, as the server stores it.
          at: new Date(fields.at).toISOString(),
          id,
          customerName: String(customer.name ?? ''),
          contactName: contact ? String(contact.name ?? '') : null,
          createdBy: meRef(),
          createdAt: at,
          updatedAt: at,
          version: 0,
        };
        const m = cache.create('followUp', fields, { id, shown });
        return written(cache, 'followUp', m, shown);
      },
      update: async (i) => {
        const cache = cacheFor('followUp');
        if (!cache || !allowed('followups.edit') || !cache.get('followUp', i.id)) return catchUp(remote.followUps.update(i));
        const m = cache.update('followUp', i.id, definedOnly(i.patch));
        return written(cache, 'followUp', m, cache.get('followUp', i.id)!);
      },
      delete: async (i) => {
        const cache = cacheFor('followUp');
        if (!cache || !allowed('followups.delete') || !cache.get('followUp', i.id)) return catchUp(remote.followUps.delete(i));
        await settle(cache, cache.delete('followUp', i.id));
        return { count: 1 };
      },
    },
    pool: {
      ...remote.pool,
      claim: (i) => catchUp(remote.pool.claim(i)),
      release: (i) => catchUp(remote.pool.release(i)),
      assign: (i) => catchUp(remote.pool.assign(i)),
    },
    imports: {
      ...remote.imports,
      undo: (i) => catchUp(remote.imports.undo(i)),
    },
    live: {
      onChange: (input, signal) => mergedChanges(remote, sync, session, cacheFor, input, signal),
    },
  };
}

function definedOnly(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

// The renderer's change feed: the server's notices, except for records the cache answers for
// (their notices arrive as cache changes once pulled, so the refetch sees the new rows), plus
// a notice per kind of record whenever the cache changes. Ends or fails as the server's feed does.
async function* mergedChanges(
  remote: CrmDataSource,
  sync: SyncRunner,
  session: SessionService,
  readsFromCache: (entity: Entity) => CacheStore | null,
  input: LiveInput,
  signal: AbortSignal | undefined,
): AsyncGenerator<LiveEvent> {
  // A cache past its offline lease answers nothing, so its notices do not stand in either.
  const cacheFor = (entity: Entity) => {
    try {
      return readsFromCache(entity);
    } catch {
      return null;
    }
  };
  const queue = new EventQueue<LiveEvent>();
  // A burst of pulled pages needs one refetch, not one per page.
  const push = (event: LiveEvent) => queue.push(event, (q) => q.entity === event.entity && q.entityId === event.entityId);
  const listening: { cache: CacheStore | null; off: (() => void) | null } = { cache: null, off: null };
  const attach = () => {
    const cache = sync.cache();
    if (cache === listening.cache) return;
    listening.off?.();
    listening.cache = cache;
    listening.off = cache
      ? cache.onChange((changes) => {
          // A pulled page of many rows of a kind is one notice for that kind.
          const byEntity = new Map<Entity, (string | null)[]>();
          for (const c of changes) byEntity.set(c.entity, [...(byEntity.get(c.entity) ?? []), c.id]);
          for (const [entity, ids] of byEntity) {
            if (!cacheFor(entity)) continue;
            push({ entity, entityId: (ids.length === 1 && ids[0]) || '', op: 'update' } as LiveEvent);
          }
        })
      : null;
  };
  attach();
  const offStatus = sync.onStatus(attach);
  // A feed belongs to one session: whatever is still queued is not for the next one.
  const { isCurrent } = session.connection();
  const inner = new AbortController();
  const stop = () => {
    inner.abort();
    queue.end();
  };
  signal?.addEventListener('abort', stop);
  void (async () => {
    try {
      for await (const event of remote.live.onChange(input, inner.signal)) {
        const entity = ENTITY_OF_NOTICE[event.entity];
        if (entity && cacheFor(entity)) continue;
        push(event);
      }
      queue.end();
    } catch (e) {
      queue.fail(e);
    }
  })();
  try {
    yield* queue.drain(isCurrent);
  } finally {
    signal?.removeEventListener('abort', stop);
    inner.abort();
    offStatus();
    listening.off?.();
  }
}
