import type { CustomerDto } from '../../../src/shared/domain/customer.schema';
import type { Messages } from '../../../src/shared/i18n';
import type { Permission } from '../../../src/shared/permissions/catalog';
import type { CustomerSet } from '../customers/customer-query';

// The lists of customers that export: each reads the same set of customers as its list
// procedure (customers.list, pool.list, customers.recycleBin), and needs that procedure's
// right besides customers.export.
export type CustomerListName = 'customers' | 'pool' | 'recycleBin';

export interface CustomerListDef {
  set: CustomerSet;
  // The list procedure's own right; customers.list's is implied by customers.export.
  needs: Permission | null;
  // Audit action, named for the view so that an auditor can tell the lists apart.
  action: string;
  // File and sheet name: [en, zh-CN].
  names: [string, string];
  // Columns the list shows beyond the customer's own, after the created/updated stamps.
  extra: { header: (m: Messages) => string; value: (d: CustomerDto) => string | null }[];
}

export const CUSTOMER_LISTS: Record<CustomerListName, CustomerListDef> = {
  customers: { set: 'active', needs: null, action: 'customer.export', names: ['customers', '客户'], extra: [] },
  pool: {
    set: 'pool',
    needs: 'pool.view',
    action: 'pool.export',
    names: ['pool', '公海客户'],
    extra: [{ header: (m) => m.fields.customer.poolSince, value: (d) => d.poolSince }],
  },
  recycleBin: {
    set: 'recycleBin',
    needs: 'customers.restore',
    action: 'recycleBin.export',
    names: ['recycle-bin', '回收站'],
    extra: [{ header: (m) => m.fields.customer.deletedAt, value: (d) => d.deletedAt }],
  },
};
