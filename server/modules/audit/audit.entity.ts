import { EntitySchema } from 'typeorm';
import { idColumn, instant, json, keyText, refColumn, text } from '../../db/columns';

// Append-only; each entry carries the hash of the one before it so edits can be detected.
export interface AuditEntry {
  id: string;
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  ip: string | null;
  detail: Record<string, any> | null;
  prevHash: string;
  hash: string;
}

export const AuditEntity = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  columns: {
    id: idColumn(),
    seq: { type: 'int', unique: false },
    at: instant(false),
    userId: refColumn(),
    username: text(50),
    action: text(50, false),
    entity: text(50),
    entityId: keyText(36),
    ip: text(64),
    detail: json(true),
    prevHash: text(64, false),
    hash: text(64, false),
  },
  uniques: [{ name: 'uq_audit_seq', columns: ['seq'] }],
  indices: [
    { name: 'idx_audit_at', columns: ['at'] },
    { name: 'idx_audit_user', columns: ['userId'] },
    { name: 'idx_audit_entity', columns: ['entity', 'entityId'] },
  ],
});
