import { ApartmentOutlined, AuditOutlined, DeleteOutlined, GlobalOutlined, SafetyOutlined, TeamOutlined, UserOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../../../shared/permissions/catalog';

export interface NavItem {
  path: string;
  labelKey: string;
  icon: ReactNode;
  needs: Permission;
  // Items of a group appear under one collapsible entry (the Administration section).
  group?: 'admin';
}

// Modules in the side navigation and the permission each needs to appear.
export const NAV_ITEMS: NavItem[] = [
  { path: '/customers', labelKey: 'nav.customers', icon: <TeamOutlined />, needs: 'customers.view' },
  { path: '/pool', labelKey: 'nav.pool', icon: <GlobalOutlined />, needs: 'pool.view' },
  { path: '/recycle-bin', labelKey: 'nav.recycleBin', icon: <DeleteOutlined />, needs: 'customers.restore' },
  { path: '/admin/users', labelKey: 'admin.nav.users', icon: <UserOutlined />, needs: 'admin.users', group: 'admin' },
  { path: '/admin/departments', labelKey: 'admin.nav.departments', icon: <ApartmentOutlined />, needs: 'admin.departments', group: 'admin' },
  { path: '/admin/roles', labelKey: 'admin.nav.roles', icon: <UsergroupAddOutlined />, needs: 'admin.roles', group: 'admin' },
  { path: '/admin/security', labelKey: 'admin.nav.security', icon: <SafetyOutlined />, needs: 'admin.settings', group: 'admin' },
  { path: '/admin/audit', labelKey: 'admin.nav.audit', icon: <AuditOutlined />, needs: 'admin.audit', group: 'admin' },
];
