import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { LessThan, LessThanOrEqual, type EntityManager } from 'typeorm';
import { findOneForUpdate, LOCK_ROWS, takeLockRow } from '../../db/locking';
import { SettingEntity } from '../settings/setting.entity';
import { AuditEntity, type AuditEntry } from './audit.entity';

export interface AuditInput {
  userId?: string | null;
  username?: string | null;
  action: string;
  entity?: string | null;
  entityId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown> | null;
}

const GENESIS = '0'.repeat(64);

// After a retention purge the chain starts from the last purged entry: its seq and hash are
// kept here (an internal row of the settings table, like the lock rows), and the purge itself
// is an audit entry naming them, so moving this anchor to hide more deletions breaks the check.
export const AUDIT_ANCHOR_KEY = 'audit.anchor';
interface Anchor {
  seq: number;
  hash: string;
}

// The canonical text an entry's hash covers; changing any stored field breaks the chain.
export function auditHash(e: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.id, e.at, e.userId, e.username, e.action, e.entity, e.entityId, e.ip, e.detail, e.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export class AuditService {
  // Appends in the caller's transaction so an action and its audit entry commit together.
  // Concurrent appends queue on the chain's lock row until the earlier transaction ends, so
  // each reads the true last entry; without it two transactions would compute the same seq
  // and one would fail on the unique index. (The unique seq still guards against a fork.)
  // Call it after the transaction's other writes: the lock is then held only briefly.
  async write(em: EntityManager, input: AuditInput): Promise<void> {
    const repo = em.getRepository(AuditEntity);
    await takeLockRow(em, LOCK_ROWS.auditChain);
    const prev = await findOneForUpdate(em, AuditEntity, {}, { seq: 'DESC' });
    const entry: Omit<AuditEntry, 'hash'> = {
      id: uuidv7(),
      seq: (prev?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      userId: input.userId ?? null,
      username: input.username ?? null,
      action: input.action,
      entity: input.entity ?? null,
      entityId: input.entityId ?? null,
      ip: input.ip ?? null,
      detail: input.detail ?? null,
      prevHash: prev?.hash ?? GENESIS,
    };
    await repo.insert({ ...entry, hash: auditHash(entry) });
  }

  // Deletes the entries older than `before`, keeping the chain verifiable from the newest of
  // them (see AUDIT_ANCHOR_KEY). Answers how many were removed.
  async purgeBefore(em: EntityManager, before: string, by: Omit<AuditInput, 'action'>): Promise<number> {
    await takeLockRow(em, LOCK_ROWS.auditChain);
    const repo = em.getRepository(AuditEntity);
    const oldest = (await repo.find({ where: { at: LessThan(before) }, order: { seq: 'DESC' }, take: 1 }))[0];
    const newest = (await repo.find({ order: { seq: 'DESC' }, take: 1 }))[0];
    if (!oldest || !newest) return 0;
    // The newest entry always stays: the next append continues the chain from it.
    const last = oldest.seq < newest.seq ? oldest : (await repo.findOneBy({ seq: newest.seq - 1 }));
    if (!last) return 0;
    const prior = await this.anchor(em);
    const removed = last.seq - (prior?.seq ?? 0);
    await repo.delete({ seq: LessThanOrEqual(last.seq) });
    const anchor: Anchor = { seq: last.seq, hash: last.hash };
    await em.getRepository(SettingEntity).save({ key: AUDIT_ANCHOR_KEY, value: anchor, updatedAt: new Date().toISOString() });
    await this.write(em, { ...by, action: 'audit.purge', detail: { before, removed, anchorSeq: anchor.seq, anchorHash: anchor.hash } });
    return removed;
  }

  private async anchor(em: EntityManager): Promise<Anchor | null> {
    const row = await em.getRepository(SettingEntity).findOneBy({ key: AUDIT_ANCHOR_KEY });
    const v = row?.value as Partial<Anchor> | undefined;
    return v && typeof v.seq === 'number' && typeof v.hash === 'string' ? { seq: v.seq, hash: v.hash } : null;
  }

  // Walks the chain; returns the first entry whose hash or link does not hold.
  async verify(em: EntityManager): Promise<{ ok: true; count: number } | { ok: false; seq: number; reason: string }> {
    const repo = em.getRepository(AuditEntity);
    const anchor = await this.anchor(em);
    if (anchor) {
      // The newest purge must name this anchor; otherwise it was moved to hide deletions.
      const purges = await repo.find({ where: { action: 'audit.purge' }, order: { seq: 'DESC' }, take: 1 });
      const named = purges[0]?.detail as { anchorSeq?: number; anchorHash?: string } | null | undefined;
      if (!named || named.anchorSeq !== anchor.seq || named.anchorHash !== anchor.hash) {
        return { ok: false, seq: anchor.seq + 1, reason: 'retention anchor does not match the last purge' };
      }
    }
    let prevHash = anchor?.hash ?? GENESIS;
    let expectedSeq = (anchor?.seq ?? 0) + 1;
    let count = 0;
    for (let offset = 0; ; offset += 1000) {
      const batch = await repo.find({ order: { seq: 'ASC' }, skip: offset, take: 1000 });
      if (batch.length === 0) break;
      for (const e of batch) {
        if (e.seq !== expectedSeq) return { ok: false, seq: e.seq, reason: `missing entry ${expectedSeq}` };
        if (e.prevHash !== prevHash) return { ok: false, seq: e.seq, reason: 'link to previous entry broken' };
        const { hash, ...rest } = e;
        if (auditHash(rest) !== hash) return { ok: false, seq: e.seq, reason: 'entry was modified' };
        prevHash = hash;
        expectedSeq++;
        count++;
      }
    }
    return { ok: true, count };
  }
}
