import { EntitySchema } from 'typeorm';
import type { FollowUpType } from '../../../src/shared/domain/followup.schema';
import { dateOnly, idColumn, instant, int, longText, refColumn, text } from '../../db/columns';

export interface FollowUp {
  id: string;
  customerId: string;
  contactId: string | null;
  type: FollowUpType;
  at: string;
  content: string;
  nextAt: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  version: number;
}

export const FollowUpEntity = new EntitySchema<FollowUp>({
  name: 'FollowUp',
  tableName: 'follow_ups',
  columns: {
    id: idColumn(),
    customerId: refColumn(false),
    contactId: refColumn(),
    type: text(20, false),
    at: instant(false),
    content: longText(false),
    nextAt: dateOnly(),
    createdById: refColumn(),
    createdAt: instant(false),
    updatedAt: instant(false),
    deletedAt: instant(),
    version: int(1),
  },
  indices: [
    { name: 'idx_follow_ups_customer_at', columns: ['customerId', 'at'] },
    { name: 'idx_follow_ups_creator', columns: ['createdById', 'at'] },
  ],
});
