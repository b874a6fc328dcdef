import { Navigate, type RouteObject } from 'react-router-dom';
import { AuditPage } from '../features/admin/pages/AuditPage';
import { DepartmentsPage } from '../features/admin/pages/DepartmentsPage';
import { RolesPage } from '../features/admin/pages/RolesPage';
import { SecurityPage } from '../features/admin/pages/SecurityPage';
import { UsersPage } from '../features/admin/pages/UsersPage';
import { CustomerCreatePage } from '../features/customers/pages/CustomerCreatePage';
import { CustomerEditPage } from '../features/customers/pages/CustomerEditPage';
import { CustomerListPage } from '../features/customers/pages/CustomerListPage';
import { CustomerImportPage } from '../features/imports/pages/CustomerImportPage';
import { CustomerPage } from '../features/customers/pages/CustomerPage';
import { PoolPage } from '../features/pool/pages/PoolPage';
import { ProfilePage } from '../features/profile/pages/ProfilePage';
import { RecycleBinPage } from '../features/recycle-bin/pages/RecycleBinPage';
import { ReopenRejectedPage } from '../features/sync-review/pages/ReopenRejectedPage';
import { SyncReviewPage } from '../features/sync-review/pages/SyncReviewPage';
import { AppLayout } from './layout/AppLayout';
import { HomeRedirect } from './HomeRedirect';
import { NotFoundPage } from './NotFoundPage';
import { RequirePermission } from './RequirePermission';
import { RouteError } from './RouteError';
import { SessionGate } from './SessionGate';

export const routes: RouteObject[] = [
  {
    element: <SessionGate />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'customers', element: <RequirePermission needs="customers.view"><CustomerListPage /></RequirePermission> },
          { path: 'customers/new', element: <RequirePermission needs="customers.create"><CustomerCreatePage /></RequirePermission> },
          { path: 'customers/import', element: <RequirePermission needs="customers.import"><CustomerImportPage /></RequirePermission> },
          { path: 'customers/:id', element: <RequirePermission needs="customers.view"><CustomerPage /></RequirePermission> },
          { path: 'customers/:id/edit', element: <RequirePermission needs="customers.edit"><CustomerEditPage /></RequirePermission> },
          { path: 'pool', element: <RequirePermission needs="pool.view"><PoolPage /></RequirePermission> },
          { path: 'recycle-bin', element: <RequirePermission needs="customers.restore"><RecycleBinPage /></RequirePermission> },
          { path: 'profile', element: <ProfilePage /> },
          { path: 'sync-review', element: <SyncReviewPage /> },
          { path: 'sync-review/rejected/:mutationId', element: <ReopenRejectedPage /> },
          { path: 'admin/users', element: <RequirePermission needs="admin.users"><UsersPage /></RequirePermission> },
          { path: 'admin/departments', element: <RequirePermission needs="admin.departments"><DepartmentsPage /></RequirePermission> },
          { path: 'admin/roles', element: <RequirePermission needs="admin.roles"><RolesPage /></RequirePermission> },
          { path: 'admin/security', element: <RequirePermission needs="admin.settings"><SecurityPage /></RequirePermission> },
          { path: 'admin/audit', element: <RequirePermission needs="admin.audit"><AuditPage /></RequirePermission> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
];
