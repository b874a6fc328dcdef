import { v7 as uuidv7 } from 'uuid';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { LIST_INDEXES, type CacheDb } from './cache-db';
import { patchedRow, type RowLookup } from './optimistic-rows';
import { columnsOf, searchOf, tagsOf, viewValue } from './record-columns';

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
export interface Touched {
  entity: Entity;
  id: string | null;
}
const ALL: Touched[] = [
  { entity: 'customer', id: null },
  { entity: 'contact', id: null },
  { entity: 'followUp', id: null },
];
export interface PendingMutation {
  mutation: Mutation;
  before: Row | null;
}

// Reads and writes of the offline cache. Every method that changes more than one row runs in
// one SQLite transaction: a local write and its outbox entry, a pulled page and the cursor.
export class CacheStore implements RowLookup {
  private readonly listeners = new Set<(changes: Touched[]) => void>();

  // Prepared once per SQL text: a first sync puts hundreds of thousands of rows, and preparing
  // each statement again per row cost more than running it.
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: CacheDb) {}

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  // Told after every change of what the cache shows (a pulled page, a local write, a settled
  // mutation) with the records touched (id null: any of that kind); returns how to stop.
  onChange(listener: (changes: Touched[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(changes: Touched[]): void {
    if (!changes.length) return;
    // A listener's failure is its own: the write or page it hears about has committed.
    for (const l of this.listeners) {
      try {
        l(changes);
      } catch (e) {
        console.warn('[cache] change listener failed', e);
      }
    }
  }

  // The first full snapshot of the user's scope is in (cleared again by a reset): until then
  // the cache is not a complete answer to a list.
  snapshotComplete(): boolean {
    return this.state('snapshot') === 'complete';
  }

  private put(entity: Entity, row: Row): void {
    const c = columnsOf(entity, row);
    this
      .stmt(
        `INSERT INTO records (entity, id, customer_id, name, updated_at, version, data, name_key, owner_id, status, level, industry,
           source, province, city, district, created_at, last_follow_up_at, next_follow_up_at, at, is_primary)
         VALUES (@entity, @id, @customer_id, @name, @updated_at, @version, @data, @name_key, @owner_id, @status, @level, @industry,
           @source, @province, @city, @district, @created_at, @last_follow_up_at, @next_follow_up_at, @at, @is_primary)
         ON CONFLICT (entity, id) DO UPDATE SET customer_id = excluded.customer_id, name = excluded.name,
           updated_at = excluded.updated_at, version = excluded.version, data = excluded.data, name_key = excluded.name_key,
           owner_id = excluded.owner_id, status = excluded.status, level = excluded.level, industry = excluded.industry,
           source = excluded.source, province = excluded.province, city = excluded.city, district = excluded.district,
           created_at = excluded.created_at, last_follow_up_at = excluded.last_follow_up_at,
           next_follow_up_at = excluded.next_follow_up_at, at = excluded.at, is_primary = excluded.is_primary`,
      )
      .run({
        ...c,
        entity,
        id: row.id,
        customer_id: (row.customerId as string) ?? null,
        name: String(row.name ?? ''),
        updated_at: (row.updatedAt as string) ?? null,
        version: row.version ?? 0,
        data: JSON.stringify(row),
      });
    // The search row shares the record's rowid: found and replaced by it, not by a scan.
    const { rowid } = this.stmt('SELECT rowid FROM records WHERE entity = ? AND id = ?').get(entity, row.id) as { rowid: number };
    this.stmt('DELETE FROM records_fts WHERE rowid = ?').run(rowid);
    const search = searchOf(entity, row);
    if (search) {
      this.stmt('INSERT INTO records_fts (rowid, entity, id, name, digits, code) VALUES (?, ?, ?, ?, ?, ?)').run(rowid, entity, row.id, search.name, search.digits, search.code);
    }
    if (entity === 'customer') {
      this.stmt('DELETE FROM record_tags WHERE customer_id = ?').run(row.id);
      const insert = this.stmt('INSERT INTO record_tags (customer_id, tag) VALUES (?, ?)');
      for (const tag of tagsOf(entity, row)) insert.run(row.id, tag);
    }
  }

  private remove(entity: Entity, id: string): void {
    const gone = entity === 'customer' ? [[entity, id], ...this.childrenOf(id)] : [[entity, id]];
    for (const [e, i] of gone) {
      this.stmt('DELETE FROM records_fts WHERE rowid = (SELECT rowid FROM records WHERE entity = ? AND id = ?)').run(e, i);
      this.stmt('DELETE FROM records WHERE entity = ? AND id = ?').run(e, i);
    }
    if (entity === 'customer') this.stmt('DELETE FROM record_tags WHERE customer_id = ?').run(id);
  }

  // A user's display name as some cached record shows it (for optimistic rows).
  userName(id: string): string | null {
    const r = this
      .stmt("SELECT json_extract(data, '$.owner.name') AS name FROM records WHERE entity = 'customer' AND owner_id = ? LIMIT 1")
      .get(id) as { name: string | null } | undefined;
    return r?.name ?? null;
  }

  private childrenOf(customerId: string): [Entity, string][] {
    const rows = this.stmt("SELECT entity, id FROM records WHERE entity != 'customer' AND customer_id = ?").all(customerId) as { entity: Entity; id: string }[];
    return rows.map((r) => [r.entity, r.id]);
  }

  get(entity: Entity, id: string): Row | null {
    const r = this.stmt('SELECT data FROM records WHERE entity = ? AND id = ?').get(entity, id) as { data: string } | undefined;
    return r ? (JSON.parse(r.data) as Row) : null;
  }

  all(entity: Entity): Row[] {
    return (this.stmt('SELECT data FROM records WHERE entity = ? ORDER BY id').all(entity) as { data: string }[]).map((r) => JSON.parse(r.data) as Row);
  }

  // Customers matching a text: by their own name/phone/credit code or one of their contacts.
  searchCustomers(q: string): Row[] {
    const like = `%${q.replace(/[%_]/g, '').toLowerCase()}%`;
    const hits = this
      .stmt('SELECT entity, id FROM records_fts WHERE name LIKE ? UNION SELECT entity, id FROM records_fts WHERE digits LIKE ? UNION SELECT entity, id FROM records_fts WHERE code LIKE ?')
      .all(like, like, like) as { entity: Entity; id: string }[];
    const ids = new Set(hits.filter((h) => h.entity === 'customer').map((h) => h.id));
    for (const h of hits.filter((x) => x.entity === 'contact')) {
      const c = this.get('contact', h.id);
      if (c?.customerId) ids.add(String(c.customerId));
    }
    return [...ids].map((id) => this.get('customer', id)).filter((r): r is Row => r !== null);
  }

  state(key: string): string | null {
    const r = this.stmt('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value ?? null;
  }

  private setState(key: string, value: string): void {
    this.stmt('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  // A pulled page, applied in one transaction with its cursor. A record with edits still in the
  // outbox keeps them on top of the server's row (rebase), so the user's view never jumps back.
  // `hasMore` false: the server has nothing further, so a snapshot begun by a reset is complete.
  applyPage(changes: Change[], cursor: string, reset: boolean, hasMore?: boolean): void {
    this.db.transaction(() => {
      if (reset) {
        for (const { name } of LIST_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${name}`);
        this.db.exec('DELETE FROM records; DELETE FROM records_fts; DELETE FROM record_tags;');
        this.setState('snapshot', 'pending');
      }
      if (hasMore === false) {
        for (const { name, columns } of LIST_INDEXES) this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON records (${columns})`);
        this.setState('snapshot', 'complete');
      }
      for (const c of changes) {
        const pending = this.pendingFor(c.entity, c.id);
        if (c.op === 'delete') {
          this.remove(c.entity, c.id);
          continue;
        }
        if (pending.some((p) => p.mutation.kind === 'delete')) continue;
        let row = c.row;
        for (const p of pending) if (p.mutation.kind === 'update') row = patchedRow(c.entity, row, p.mutation.patch ?? {}, this, String(row.updatedAt ?? ''));
        this.put(c.entity, row);
      }
      this.setState('cursor', cursor);
      this.setState('lastSyncAt', new Date().toISOString());
    })();
    this.changed(reset ? ALL : changes.map((c) => ({ entity: c.entity, id: c.id })));
  }

  // Optimistic local writes: the record and its outbox entry in one transaction.
  // The base is what the user saw of each field they changed, as the server compares it; a
  // record created offline (version 0, not on the server yet) has no version to send.
  update(entity: Entity, id: string, patch: Record<string, unknown>): Mutation {
    const m = this.db.transaction(() => {
      const row = this.get(entity, id);
      if (!row) throw new Error('NOT_FOUND');
      const base = Object.fromEntries(Object.keys(patch).map((k) => [k, viewValue(row, k)]));
      const m: Mutation = { id: uuidv7(), kind: 'update', entity, entityId: id, baseVersion: row.version || undefined, base, patch };
      this.put(entity, patchedRow(entity, row, patch, this, new Date().toISOString()));
      this.enqueue(m, row);
      return m;
    })();
    this.changed([{ entity, id }]);
    return m;
  }

  // `id`: chosen by the caller (the renderer picks one so a retried create is harmless), or
  // new. `shown` is the optimistic row (DTO-shaped) for it; by default the fields as sent.
  create(entity: Entity, fields: Record<string, unknown>, opts: { id?: string; shown?: Row } = {}): Mutation {
    const m = this.db.transaction(() => {
      const id = opts.id ?? uuidv7();
      const m: Mutation = { id: uuidv7(), kind: 'create', entity, entityId: id, fields };
      this.put(entity, { ...(opts.shown ?? fields), id, version: 0 });
      this.enqueue(m, null);
      return m;
    })();
    this.changed([{ entity, id: m.entityId }]);
    return m;
  }

  delete(entity: Entity, id: string): Mutation {
    const m = this.db.transaction(() => {
      const row = this.get(entity, id);
      const m: Mutation = { id: uuidv7(), kind: 'delete', entity, entityId: id };
      this.remove(entity, id);
      this.enqueue(m, row);
      return m;
    })();
    this.changed(entity === 'customer' ? [{ entity, id }, ...ALL.slice(1)] : [{ entity, id }]);
    return m;
  }

  private enqueue(m: Mutation, before: Row | null): void {
    this
      .stmt('INSERT INTO outbox (mutation_id, entity, entity_id, body, before, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(m.id, m.entity, m.entityId, JSON.stringify(m), before ? JSON.stringify(before) : null, new Date().toISOString());
  }

  outbox(limit = 100): PendingMutation[] {
    const rows = this.stmt('SELECT body, before FROM outbox ORDER BY seq LIMIT ?').all(limit) as { body: string; before: string | null }[];
    return rows.map((r) => ({ mutation: JSON.parse(r.body) as Mutation, before: r.before ? (JSON.parse(r.before) as Row) : null }));
  }

  pendingCount(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  private pendingFor(entity: Entity, id: string): PendingMutation[] {
    const rows = this.stmt('SELECT body, before FROM outbox WHERE entity = ? AND entity_id = ? ORDER BY seq').all(entity, id) as { body: string; before: string | null }[];
    return rows.map((r) => ({ mutation: JSON.parse(r.body) as Mutation, before: r.before ? (JSON.parse(r.before) as Row) : null }));
  }

  // The server's answer to one pushed mutation, settled in one transaction: the outbox entry
  // goes; a conflict or refusal is kept for the user to see; a refused edit is rolled back.
  settle(p: PendingMutation, result: { status: 'ok' | 'conflict' | 'error'; row?: unknown; conflicts?: unknown; error?: unknown }): void {
    const m = p.mutation;
    this.db.transaction(() => {
      this.stmt('DELETE FROM outbox WHERE mutation_id = ?').run(m.id);
      const stillPending = this.pendingFor(m.entity, m.entityId).length > 0;
      const now = new Date().toISOString();
      if (result.status === 'conflict') {
        this
          .stmt('INSERT OR REPLACE INTO conflicts (mutation_id, entity, entity_id, fields, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(m.id, m.entity, m.entityId, JSON.stringify(result.conflicts), now);
      }
      if (result.status === 'error') {
        this
          .stmt('INSERT OR REPLACE INTO rejected (mutation_id, entity, entity_id, error, record, created_at, kind, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(m.id, m.entity, m.entityId, JSON.stringify(result.error), JSON.stringify(m.fields ?? m.patch ?? null), now, m.kind, String(p.before?.name ?? m.fields?.name ?? ''));
        if (!stillPending) {
          if (p.before) this.put(m.entity, p.before);
          else this.remove(m.entity, m.entityId);
        }
        return;
      }
      if (!stillPending && result.row) this.put(m.entity, result.row as Row);
    })();
    this.changed([{ entity: m.entity, id: m.entityId }]);
  }

  // Whether a mutation is still waiting for the server.
  isPending(mutationId: string): boolean {
    return this.stmt('SELECT 1 FROM outbox WHERE mutation_id = ?').get(mutationId) !== undefined;
  }

  // The server's refusal of a mutation, taken off the refused list: for a caller that was
  // waiting for the answer and shows the error itself (an online form), not in a review later.
  takeRejected(mutationId: string): { appCode: string; params?: Record<string, unknown>; fieldErrors?: { path: string; message: string }[] } | null {
    const r = this.stmt('SELECT error FROM rejected WHERE mutation_id = ?').get(mutationId) as { error: string } | undefined;
    if (!r) return null;
    this.stmt('DELETE FROM rejected WHERE mutation_id = ?').run(mutationId);
    return JSON.parse(r.error);
  }

  conflicts(): { mutationId: string; entity: Entity; entityId: string; fields: { field: string; mine: unknown; theirs: unknown }[] }[] {
    const rows = this.stmt('SELECT mutation_id, entity, entity_id, fields FROM conflicts ORDER BY created_at').all() as Record<string, string>[];
    return rows.map((r) => ({ mutationId: r.mutation_id!, entity: r.entity as Entity, entityId: r.entity_id!, fields: JSON.parse(r.fields!) }));
  }

  rejected(): { mutationId: string; entity: Entity; entityId: string; error: { appCode: string }; record: unknown }[] {
    const rows = this.stmt('SELECT mutation_id, entity, entity_id, error, record FROM rejected ORDER BY created_at').all() as Record<string, string>[];
    return rows.map((r) => ({ mutationId: r.mutation_id!, entity: r.entity as Entity, entityId: r.entity_id!, error: JSON.parse(r.error!), record: JSON.parse(r.record!) }));
  }
}
