import { EntitySchema } from 'typeorm';
import type { DecisionRole } from '../../../src/shared/domain/contact.schema';
import { bool, dateOnly, idColumn, instant, int, keyText, longText, refColumn, text } from '../../db/columns';

export interface Contact {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  department: string | null;
  mobile: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  birthday: string | null;
  isPrimary: boolean;
  decisionRole: DecisionRole | null;
  remarks: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  version: number;
}

export const ContactEntity = new EntitySchema<Contact>({
  name: 'Contact',
  tableName: 'contacts',
  columns: {
    id: idColumn(),
    customerId: refColumn(false),
    name: text(50, false),
    title: text(50),
    department: text(50),
    mobile: keyText(20),
    phone: text(40),
    email: text(200),
    wechat: text(50),
    birthday: dateOnly(),
    isPrimary: bool(false),
    decisionRole: text(30),
    remarks: longText(),
    createdById: refColumn(),
    createdAt: instant(false),
    updatedAt: instant(false),
    deletedAt: instant(),
    version: int(1),
  },
  indices: [
    { name: 'idx_contacts_customer', columns: ['customerId'] },
    { name: 'idx_contacts_mobile', columns: ['mobile'] },
  ],
});
