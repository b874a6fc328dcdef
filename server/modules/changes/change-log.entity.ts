import { EntitySchema } from 'typeorm';
import { instant, json, keyText, refColumn, text } from '../../db/columns';

// One row per committed write, appended in the same transaction as the write. The offline
// sync feed (a later issue) reads it by `seq`; live updates are told from it too.
export interface ChangeLogEntry {
  seq: number;
  entity: string;
  entityId: string;
  op: 'create' | 'update' | 'delete' | 'restore' | 'purge';
  // The customer the change belongs to, so scope checks on the feed are one lookup.
  customerId: string | null;
  userId: string | null;
  at: string;
  fields: string[] | null;
}

export const ChangeLogEntity = new EntitySchema<ChangeLogEntry>({
  name: 'ChangeLogEntry',
  tableName: 'change_log',
  columns: {
    seq: { type: 'int', primary: true, generated: 'increment' },
    entity: text(40, false),
    entityId: keyText(36, false),
    op: text(10, false),
    customerId: refColumn(),
    userId: refColumn(),
    at: instant(false),
    fields: json(true),
  },
  // The primary key only: the feed and the checks for changes read by seq. An index on
  // (entity, entity_id) answered no query and cost each of an import's 200,000 entries
  // a quarter of their write time (dropped in migration DropUnusedIndexes).
});
