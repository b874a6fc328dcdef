import { v7 as uuidv7 } from 'uuid';
import type { CacheDb } from './cache-db';

export type Entity = 'customer' | 'contact' | 'followUp';
export type Row = Record<string, unknown> & { id: string; version?: number };
export type Change = { entity: Entity; id: string; op: 'put'; row: Row } | { entity: Entity; id: string; op: 'delete' };
export interface Mutation {
  id: string;
  kind: 'create' | 'update' | 'delete';
  entity: Entity;
  entityId: string;
  baseVersion?: number;
  base?: Record<string, unknown>;
  patch?: Record<string, unknown>;
  fields?: Record<string, unknown>;
}
export interface PendingMutation {
  mutation: Mutation;
  before: Row | null;
}

// What local search looks through: name, phones, credit code, and for contacts name and
// mobile (a customer is found through its contacts too).
function searchText(entity: Entity, row: Row): string {
  const pick = (...keys: string[]) => keys.map((k) => (row[k] == null ? '' : String(row[k]))).join(' ');
  if (entity === 'customer') return pick('name', 'phone', 'creditCode');
  if (entity === 'contact') return pick('name', 'mobile', 'phone');
  return pick('content');
}

// Reads and writes of the offline cache. Every method that changes more than one row runs in
// one SQLite transaction: a local write and its outbox entry, a pulled page and the cursor.
export class CacheStore {
  constructor(readonly db: CacheDb) {}

  private put(entity: Entity, row: Row): void {
    this.db
      .prepare(
        `INSERT INTO records (entity, id, customer_id, name, updated_at, version, data) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (entity, id) DO UPDATE SET customer_id = excluded.customer_id, name = excluded.name,
           updated_at = excluded.updated_at, version = excluded.version, data = excluded.data`,
      )
      .run(entity, row.id, (row.customerId as string) ?? null, String(row.name ?? ''), (row.updatedAt as string) ?? null, row.version ?? 0, JSON.stringify(row));
    this.db.prepare('DELETE FROM records_fts WHERE entity = ? AND id = ?').run(entity, row.id);
    this.db.prepare('INSERT INTO records_fts (entity, id, body) VALUES (?, ?, ?)').run(entity, row.id, searchText(entity, row));
  }

  private remove(entity: Entity, id: string): void {
    const gone = entity === 'customer' ? [[entity, id], ...this.childrenOf(id)] : [[entity, id]];
    for (const [e, i] of gone) {
      this.db.prepare('DELETE FROM records WHERE entity = ? AND id = ?').run(e, i);
      this.db.prepare('DELETE FROM records_fts WHERE entity = ? AND id = ?').run(e, i);
    }
  }

  private childrenOf(customerId: string): [Entity, string][] {
    const rows = this.db.prepare("SELECT entity, id FROM records WHERE entity != 'customer' AND customer_id = ?").all(customerId) as { entity: Entity; id: string }[];
    return rows.map((r) => [r.entity, r.id]);
  }

  get(entity: Entity, id: string): Row | null {
    const r = this.db.prepare('SELECT data FROM records WHERE entity = ? AND id = ?').get(entity, id) as { data: string } | undefined;
    return r ? (JSON.parse(r.data) as Row) : null;
  }

  all(entity: Entity): Row[] {
    return (this.db.prepare('SELECT data FROM records WHERE entity = ? ORDER BY id').all(entity) as { data: string }[]).map((r) => JSON.parse(r.data) as Row);
  }

  // Customers matching a text: by their own name/phone/credit code or one of their contacts.
  searchCustomers(q: string): Row[] {
    const like = `%${q.replace(/[%_]/g, '')}%`;
    const hits = this.db.prepare('SELECT entity, id FROM records_fts WHERE body LIKE ?').all(like) as { entity: Entity; id: string }[];
    const ids = new Set(hits.filter((h) => h.entity === 'customer').map((h) => h.id));
    for (const h of hits.filter((x) => x.entity === 'contact')) {
      const c = this.get('contact', h.id);
      if (c?.customerId) ids.add(String(c.customerId));
    }
    return [...ids].map((id) => this.get('customer', id)).filter((r): r is Row => r !== null);
  }

  state(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value ?? null;
  }

  private setState(key: string, value: string): void {
    this.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // A pulled page, applied in one transaction with its cursor. A record with edits still in the
  // outbox keeps them on top of the server's row (rebase), so the user's view never jumps back.
  applyPage(changes: Change[], cursor: string, reset: boolean): void {
    this.db.transaction(() => {
      if (reset) {
        this.db.exec('DELETE FROM records; DELETE FROM records_fts;');
      }
      for (const c of changes) {
        const pending = this.pendingFor(c.entity, c.id);
        if (c.op === 'delete') {
          this.remove(c.entity, c.id);
          continue;
        }
        if (pending.some((p) => p.mutation.kind === 'delete')) continue;
        let row = c.row;
        for (const p of pending) if (p.mutation.kind === 'update') row = { ...row, ...p.mutation.patch };
        this.put(c.entity, row);
      }
      this.setState('cursor', cursor);
      this.setState('lastSyncAt', new Date().toISOString());
    })();
  }

  // Optimistic local writes: the record and its outbox entry in one transaction.
  update(entity: Entity, id: string, patch: Record<string, unknown>): Mutation {
    return this.db.transaction(() => {
      const row = this.get(entity, id);
      if (!row) throw new Error('NOT_FOUND');
      const base = Object.fromEntries(Object.keys(patch).map((k) => [k, row[k] ?? null]));
      const m: Mutation = { id: uuidv7(), kind: 'update', entity, entityId: id, baseVersion: row.version, base, patch };
      this.put(entity, { ...row, ...patch });
      this.enqueue(m, row);
      return m;
    })();
  }

  create(entity: Entity, fields: Record<string, unknown>): Mutation {
    return this.db.transaction(() => {
      const id = uuidv7();
      const m: Mutation = { id: uuidv7(), kind: 'create', entity, entityId: id, fields };
      this.put(entity, { ...fields, id, version: 0 });
      this.enqueue(m, null);
      return m;
    })();
  }

  delete(entity: Entity, id: string): Mutation {
    return this.db.transaction(() => {
      const row = this.get(entity, id);
      const m: Mutation = { id: uuidv7(), kind: 'delete', entity, entityId: id };
      this.remove(entity, id);
      this.enqueue(m, row);
      return m;
    })();
  }

  private enqueue(m: Mutation, before: Row | null): void {
    this.db
      .prepare('INSERT INTO outbox (mutation_id, entity, entity_id, body, before, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(m.id, m.entity, m.entityId, JSON.stringify(m), before ? JSON.stringify(before) : null, new Date().toISOString());
  }

  outbox(limit = 100): PendingMutation[] {
    const rows = this.db.prepare('SELECT body, before FROM outbox ORDER BY seq LIMIT ?').all(limit) as { body: string; before: string | null }[];
    return rows.map((r) => ({ mutation: JSON.parse(r.body) as Mutation, before: r.before ? (JSON.parse(r.before) as Row) : null }));
  }

  pendingCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  private pendingFor(entity: Entity, id: string): PendingMutation[] {
    const rows = this.db.prepare('SELECT body, before FROM outbox WHERE entity = ? AND entity_id = ? ORDER BY seq').all(entity, id) as { body: string; before: string | null }[];
    return rows.map((r) => ({ mutation: JSON.parse(r.body) as Mutation, before: r.before ? (JSON.parse(r.before) as Row) : null }));
  }

  // The server's answer to one pushed mutation, settled in one transaction: the outbox entry
  // goes; a conflict or refusal is kept for the user to see; a refused edit is rolled back.
  settle(p: PendingMutation, result: { status: 'ok' | 'conflict' | 'error'; row?: unknown; conflicts?: unknown; error?: unknown }): void {
    const m = p.mutation;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(m.id);
      const stillPending = this.pendingFor(m.entity, m.entityId).length > 0;
      const now = new Date().toISOString();
      if (result.status === 'conflict') {
        this.db
          .prepare('INSERT OR REPLACE INTO conflicts (mutation_id, entity, entity_id, fields, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(m.id, m.entity, m.entityId, JSON.stringify(result.conflicts), now);
      }
      if (result.status === 'error') {
        this.db
          .prepare('INSERT OR REPLACE INTO rejected (mutation_id, entity, entity_id, error, record, created_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(m.id, m.entity, m.entityId, JSON.stringify(result.error), JSON.stringify(m.fields ?? m.patch ?? null), now);
        if (!stillPending) {
          if (p.before) this.put(m.entity, p.before);
          else this.remove(m.entity, m.entityId);
        }
        return;
      }
      if (!stillPending && result.row) this.put(m.entity, result.row as Row);
    })();
  }

  conflicts(): { mutationId: string; entity: Entity; entityId: string; fields: { field: string; mine: unknown; theirs: unknown }[] }[] {
    const rows = this.db.prepare('SELECT mutation_id, entity, entity_id, fields FROM conflicts ORDER BY created_at').all() as Record<string, string>[];
    return rows.map((r) => ({ mutationId: r.mutation_id!, entity: r.entity as Entity, entityId: r.entity_id!, fields: JSON.parse(r.fields!) }));
  }

  rejected(): { mutationId: string; entity: Entity; entityId: string; error: { appCode: string }; record: unknown }[] {
    const rows = this.db.prepare('SELECT mutation_id, entity, entity_id, error, record FROM rejected ORDER BY created_at').all() as Record<string, string>[];
    return rows.map((r) => ({ mutationId: r.mutation_id!, entity: r.entity as Entity, entityId: r.entity_id!, error: JSON.parse(r.error!), record: JSON.parse(r.record!) }));
  }
}
