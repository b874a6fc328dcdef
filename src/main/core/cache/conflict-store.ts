import { AppError, isErrorCode, type AppErrorData } from '../../../shared/errors';
import type { CacheStore, Entity, Row } from './cache-store';

// The record a conflict or refusal is about, as the review lists it: its own name (a follow-up
// has none) and the customer it belongs to, whose page is where the user goes to look.
export interface ReviewRecord {
  entity: Entity;
  entityId: string;
  name: string;
  customerId: string | null;
  customerName: string | null;
  // False once the record has left the cache (deleted, or moved out of the user's scope).
  exists: boolean;
}

export interface ConflictField {
  field: string;
  // i18n key of the field's label (fields.<entity>.<field>).
  labelKey: string;
  mine: unknown;
  theirs: unknown;
}

export interface ConflictEntry extends ReviewRecord {
  mutationId: string;
  at: string;
  fields: ConflictField[];
}

export interface RejectedEntry extends ReviewRecord {
  mutationId: string;
  kind: 'create' | 'update' | 'delete';
  at: string;
  // Why the server refused, as it said it ({appCode, params, fieldErrors}).
  error: AppErrorData;
  // The values the user had typed (a create's fields, an edit's changed fields).
  values: Record<string, unknown> | null;
}

// What the renderer needs to reopen a refused create or edit in its form with the user's
// values: for an edit, the record's current version to save against.
export interface ReopenDraft {
  mutationId: string;
  mode: 'create' | 'edit';
  entity: Entity;
  entityId: string;
  customerId: string | null;
  version: number | null;
  values: Record<string, unknown>;
}

interface ConflictRow {
  mutation_id: string;
  entity: Entity;
  entity_id: string;
  fields: string;
  created_at: string;
}

interface RejectedRow {
  mutation_id: string;
  entity: Entity;
  entity_id: string;
  error: string;
  record: string | null;
  created_at: string;
  kind: RejectedEntry['kind'];
  name: string | null;
}

// Reviewing what the last syncs could not settle alone: fields both sides changed (the server's
// value stood) and edits the server refused (rolled back locally). Resolving a conflict with
// the user's values is an ordinary local edit on top of the record as it now is, so it syncs,
// merges and can conflict again like any other.
export class ConflictStore {
  constructor(private readonly cache: CacheStore) {}

  private get db() {
    return this.cache.db;
  }

  conflicts(): ConflictEntry[] {
    const rows = this.db.prepare('SELECT mutation_id, entity, entity_id, fields, created_at FROM conflicts ORDER BY created_at, mutation_id').all() as ConflictRow[];
    return rows.map((r) => ({
      mutationId: r.mutation_id,
      at: r.created_at,
      ...this.record(r.entity, r.entity_id, null),
      fields: (JSON.parse(r.fields) as { field: string; mine: unknown; theirs: unknown }[]).map((f) => ({
        field: f.field,
        labelKey: `fields.${r.entity}.${f.field}`,
        mine: f.mine ?? null,
        theirs: f.theirs ?? null,
      })),
    }));
  }

  rejected(): RejectedEntry[] {
    const rows = this.db.prepare('SELECT * FROM rejected ORDER BY created_at, mutation_id').all() as RejectedRow[];
    return rows.map((r) => this.rejectedEntry(r));
  }

  // The server's value stays: the conflict is only dismissed.
  keepServer(mutationId: string): void {
    this.conflictRow(mutationId);
    this.db.prepare('DELETE FROM conflicts WHERE mutation_id = ?').run(mutationId);
  }

  // Re-applies the user's values of the chosen fields (all by default) as a new edit based on
  // the record's current version. The fields not chosen stay in the conflict for later.
  useMine(mutationId: string, fields?: string[]): void {
    this.db.transaction(() => {
      const row = this.conflictRow(mutationId);
      const all = JSON.parse(row.fields) as { field: string; mine: unknown; theirs: unknown }[];
      const chosen = all.filter((f) => !fields || fields.includes(f.field));
      const unknown = (fields ?? []).filter((f) => !all.some((c) => c.field === f));
      if (unknown.length || !chosen.length) throw new AppError('VALIDATION', {}, [{ path: 'fields', message: 'validation.invalid' }]);
      if (!this.cache.get(row.entity, row.entity_id)) throw new AppError('NOT_FOUND');
      this.cache.update(row.entity, row.entity_id, Object.fromEntries(chosen.map((f) => [f.field, f.mine ?? null])));
      const rest = all.filter((f) => !chosen.includes(f));
      if (rest.length) this.db.prepare('UPDATE conflicts SET fields = ? WHERE mutation_id = ?').run(JSON.stringify(rest), mutationId);
      else this.db.prepare('DELETE FROM conflicts WHERE mutation_id = ?').run(mutationId);
    })();
  }

  discardRejected(mutationId: string): void {
    this.rejectedRow(mutationId);
    this.db.prepare('DELETE FROM rejected WHERE mutation_id = ?').run(mutationId);
  }

  // A refused create comes back as a new form with what was typed; a refused edit as the edit
  // form of the record as it now is, with the user's changes on top. A refused delete, or an
  // edit of a record no longer here, has no form to go back to.
  reopen(mutationId: string): ReopenDraft {
    const entry = this.rejectedEntry(this.rejectedRow(mutationId));
    if (entry.kind === 'delete' || !entry.values) throw new AppError('VALIDATION');
    if (entry.kind === 'create') {
      return { mutationId, mode: 'create', entity: entry.entity, entityId: entry.entityId, customerId: entry.customerId, version: null, values: entry.values };
    }
    const current = this.cache.get(entry.entity, entry.entityId);
    if (!current) throw new AppError('NOT_FOUND');
    return {
      mutationId,
      mode: 'edit',
      entity: entry.entity,
      entityId: entry.entityId,
      customerId: entry.customerId,
      version: current.version ?? null,
      values: entry.values,
    };
  }

  private conflictRow(mutationId: string): ConflictRow {
    const row = this.db.prepare('SELECT * FROM conflicts WHERE mutation_id = ?').get(mutationId) as ConflictRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private rejectedRow(mutationId: string): RejectedRow {
    const row = this.db.prepare('SELECT * FROM rejected WHERE mutation_id = ?').get(mutationId) as RejectedRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private rejectedEntry(r: RejectedRow): RejectedEntry {
    const values = r.record ? (JSON.parse(r.record) as Record<string, unknown> | null) : null;
    const error = JSON.parse(r.error) as Partial<AppErrorData>;
    return {
      mutationId: r.mutation_id,
      kind: r.kind,
      at: r.created_at,
      ...this.record(r.entity, r.entity_id, values, r.name),
      error: { appCode: isErrorCode(error.appCode) ? error.appCode : 'INTERNAL', params: error.params ?? {}, fieldErrors: error.fieldErrors ?? [] },
      values,
    };
  }

  private record(entity: Entity, id: string, values: Record<string, unknown> | null, knownName: string | null = null): ReviewRecord {
    const row: Row | null = this.cache.get(entity, id);
    const customerId = entity === 'customer' ? id : str(row?.customerId ?? values?.customerId);
    const customer = customerId ? this.cache.get('customer', customerId) : null;
    const name = entity === 'followUp' ? '' : (str(row?.name) ?? str(knownName) ?? str(values?.name) ?? '');
    return { entity, entityId: id, name, customerId, customerName: entity === 'customer' ? name : (str(customer?.name) ?? null), exists: row !== null };
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
