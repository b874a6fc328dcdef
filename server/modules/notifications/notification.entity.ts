import { EntitySchema } from 'typeorm';
import { idColumn, instant, json, keyText, refColumn, text } from '../../db/columns';

// Messages to a user ("3 customers returned to the pool"); kind + params, localised by the client.
export interface Notification {
  id: string;
  userId: string;
  kind: string;
  params: Record<string, any>;
  entity: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}

export const NotificationEntity = new EntitySchema<Notification>({
  name: 'Notification',
  tableName: 'notifications',
  columns: {
    id: idColumn(),
    userId: refColumn(false),
    kind: text(50, false),
    params: json(),
    entity: text(40),
    entityId: keyText(36),
    createdAt: instant(false),
    readAt: instant(),
  },
  indices: [{ name: 'idx_notifications_user', columns: ['userId', 'createdAt'] }],
});
