import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import { ChangeLogEntity, type ChangeLogEntry } from './change-log.entity';

export type ChangeInput = Omit<ChangeLogEntry, 'seq' | 'at'>;

// Who could see a customer at one moment: enough to judge a live event in memory, without a
// query per event per listener.
export interface Audience {
  ownerId: string | null;
  ownerDeptId: string | null;
  collaboratorIds: string[];
}

export interface ChangeEvent {
  entity: string;
  entityId: string;
  op: ChangeLogEntry['op'];
  customerId: string | null;
  // The customer's audience before and/or after the change; a listener who could see either
  // hears of it (a customer transferred away must vanish from the old owner's list too).
  audience?: Audience[];
  // Set for events meant for one user only (their notifications).
  toUserId?: string;
}

// Records every write in the writer's transaction and, once committed, tells live listeners.
export class ChangeLogService {
  readonly events = new EventEmitter<{ change: [ChangeEvent] }>();

  constructor() {
    this.events.setMaxListeners(0);
  }

  async record(em: EntityManager, change: ChangeInput): Promise<void> {
    await em.getRepository(ChangeLogEntity).insert({ ...change, at: new Date().toISOString() });
  }

  // Call after the transaction commits: listeners must never hear of a rolled-back write.
  publish(changes: ChangeEvent[]): void {
    for (const c of changes) this.events.emit('change', c);
  }
}
