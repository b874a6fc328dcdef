import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { findOneForUpdate, LOCK_ROWS, takeLockRow } from '../../db/locking';
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

  // Walks the chain; returns the first entry whose hash or link does not hold.
  async verify(em: EntityManager): Promise<{ ok: true; count: number } | { ok: false; seq: number; reason: string }> {
    const repo = em.getRepository(AuditEntity);
    let prevHash = GENESIS;
    let expectedSeq = 1;
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
