import { createHash } from 'node:crypto';
import { SENSITIVE_FIELDS } from '../../../src/shared/permissions/catalog';
import { fieldVisibility } from '../../../src/shared/permissions/can';
import type { Caller } from '../../trpc/context';
import { scopeOf } from '../customers/customer-scope';

// The pull cursor is opaque to clients. Two shapes:
//   snapshot  s.<S>.<phase>.<afterId>.<scopeKey>.<done>.<total>  paging the caller's scope by
//             id, one table per phase (customers, contacts, follow-ups); S = the last change_log
//             seq before the snapshot began, where the change feed takes over once the snapshot
//             is done; done/total = rows sent so far / rows in scope when it began (progress).
//   changes   c.<seq>.<scopeKey>                  every change_log row after seq.
// scopeKey fingerprints what decides the caller's view (data scope, departments, view
// permissions, field rules). Role or department changes leave no change_log row, so a cursor
// minted under another scopeKey is answered with a reset: a fresh snapshot of the new view.
export type SyncCursor =
  | { kind: 'snapshot'; upTo: number; phase: number; afterId: string; scopeKey: string; done: number; total: number }
  | { kind: 'changes'; seq: number; scopeKey: string };

export const SNAPSHOT_PHASES = ['customer', 'contact', 'followUp'] as const;
export type SyncEntity = (typeof SNAPSHOT_PHASES)[number];

export function scopeKeyOf(caller: Caller): string {
  const view = ['customers.view', 'contacts.view', 'followups.view'].filter((p) => caller.grant.permissions.has(p as never));
  const fields = SENSITIVE_FIELDS.map((f) => `${f}=${fieldVisibility(caller.grant, f)}`);
  const basis = JSON.stringify([caller.user.id, scopeOf(caller), [...caller.departmentIds].sort(), [...caller.departmentTreeIds].sort(), view, fields]);
  return createHash('sha256').update(basis).digest('base64url').slice(0, 16);
}

export function encodeCursor(c: SyncCursor): string {
  return c.kind === 'snapshot' ? `s.${c.upTo}.${c.phase}.${c.afterId || '-'}.${c.scopeKey}.${c.done}.${c.total}` : `c.${c.seq}.${c.scopeKey}`;
}

// A malformed cursor is treated like one from another scope: start over (never an error the
// client could get stuck on).
export function decodeCursor(s: string | null | undefined): SyncCursor | null {
  if (!s) return null;
  const p = s.split('.');
  if (p[0] === 'c' && p.length === 3 && /^\d+$/.test(p[1]!)) return { kind: 'changes', seq: Number(p[1]), scopeKey: p[2]! };
  if (p[0] === 's' && p.length === 7 && /^\d+$/.test(p[1]!) && /^[0-3]$/.test(p[2]!) && /^\d+$/.test(p[5]!) && /^\d+$/.test(p[6]!)) {
    return { kind: 'snapshot', upTo: Number(p[1]), phase: Number(p[2]), afterId: p[3] === '-' ? '' : p[3]!, scopeKey: p[4]!, done: Number(p[5]), total: Number(p[6]) };
  }
  return null;
}
