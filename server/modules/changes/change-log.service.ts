import { EventEmitter } from 'node:events';
import type { EntityManager } from 'typeorm';
import { ChangeLogEntity, type ChangeLogEntry } from './change-log.entity';

export type ChangeInput = Omit<ChangeLogEntry, 'seq' | 'at'>;

export interface ChangeEvent {
  entity: string;
  entityId: string;
  op: ChangeLogEntry['op'];
  customerId: string | null;
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
