import { v7 as uuidv7 } from 'uuid';
import { In, IsNull, type DataSource } from 'typeorm';
import type { WriteTx } from '../changes/write-tx';
import type { Caller } from '../../trpc/context';
import { NotificationEntity, type Notification } from './notification.entity';

// Kinds the client knows how to word (i18n `notifications.<kind>`), with their params.
export type NotificationKind = 'customersTransferred' | 'customersAssigned' | 'customersAutoReturned' | 'customersReleased';

export interface NotificationDto {
  id: string;
  kind: string;
  params: Record<string, unknown>;
  entity: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}

const toDto = (n: Notification): NotificationDto => ({
  id: n.id,
  kind: n.kind,
  params: n.params,
  entity: n.entity,
  entityId: n.entityId,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

// A handful of names is enough for the message; the count says how many there were.
export const NAMES_IN_NOTIFICATION = 10;

export class NotificationService {
  constructor(private readonly db: DataSource) {}

  // Written in the transaction of the change it reports, so it exists exactly when that does.
  async notify(
    tx: WriteTx,
    userId: string,
    kind: NotificationKind,
    params: Record<string, unknown>,
    entity: string | null = null,
    entityId: string | null = null,
  ): Promise<void> {
    const id = uuidv7();
    await tx.em
      .getRepository(NotificationEntity)
      .insert({ id, userId, kind, params: params as Record<string, any>, entity, entityId, createdAt: new Date().toISOString(), readAt: null });
    tx.live({ entity: 'notification', entityId: id, op: 'create', customerId: null, toUserId: userId });
  }

  async list(caller: Caller, input: { page: number; pageSize: number; unreadOnly?: boolean }) {
    const repo = this.db.getRepository(NotificationEntity);
    const where = { userId: caller.user.id, ...(input.unreadOnly ? { readAt: IsNull() } : {}) };
    const [rows, total] = await repo.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    });
    const unread = await repo.countBy({ userId: caller.user.id, readAt: IsNull() });
    return { items: rows.map(toDto), total, unread };
  }

  // Only ever the caller's own notifications, whatever ids are sent.
  async markRead(caller: Caller, input: { ids?: string[]; all?: boolean }): Promise<{ unread: number }> {
    const repo = this.db.getRepository(NotificationEntity);
    const now = new Date().toISOString();
    if (input.all) await repo.update({ userId: caller.user.id, readAt: IsNull() }, { readAt: now });
    else if (input.ids?.length) await repo.update({ userId: caller.user.id, id: In(input.ids), readAt: IsNull() }, { readAt: now });
    return { unread: await repo.countBy({ userId: caller.user.id, readAt: IsNull() }) };
  }
}
