import { DeleteOutlined, GlobalOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../../shared/permissions/catalog';

export interface NavItem {
  path: string;
  labelKey: string;
  icon: ReactNode;
  needs: Permission;
}

// Modules in the side navigation and the permission each needs to appear.
export const NAV_ITEMS: NavItem[] = [
  { path: '/customers', labelKey: 'nav.customers', icon: <TeamOutlined />, needs: 'customers.view' },
  { path: '/pool', labelKey: 'nav.pool', icon: <GlobalOutlined />, needs: 'pool.view' },
  { path: '/recycle-bin', labelKey: 'nav.recycleBin', icon: <DeleteOutlined />, needs: 'customers.restore' },
];
