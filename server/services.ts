import type { DataSource } from 'typeorm';
import type { ServerConfig } from './config';
import { AuditService } from './modules/audit/audit.service';
import { AuthService } from './modules/auth/auth.service';
import { ChangeLogService } from './modules/changes/change-log.service';
import { ContactService } from './modules/contacts/contact.service';
import { CustomerBinService } from './modules/customers/customer-bin.service';
import { CustomerService } from './modules/customers/customer.service';
import { OwnershipService } from './modules/customers/ownership.service';
import { ExportService } from './modules/exports/export.service';
import { RateLimiter } from './trpc/rate-limit';
import { ForegroundRequests } from './http/foreground';
import { FollowUpService } from './modules/followups/followup.service';
import { ImportService } from './modules/imports/import.service';
import { NotificationService } from './modules/notifications/notification.service';
import { AdminDepartmentsService } from './modules/org/admin-departments.service';
import { AdminOpsService } from './modules/org/admin-ops.service';
import { AuditExportService } from './modules/org/audit-export.service';
import { AdminRolesService } from './modules/org/admin-roles.service';
import { AdminUsersService } from './modules/org/admin-users.service';
import { OrgService } from './modules/org/org.service';
import { PoolService } from './modules/pool/pool.service';
import { SettingsService } from './modules/settings/settings.service';
import { SyncService } from './modules/sync/sync.service';

// The composition root for domain services: each gets what it depends on, nothing global.
export function createServices(db: DataSource, config: ServerConfig) {
  const audit = new AuditService();
  const changes = new ChangeLogService();
  const settings = new SettingsService(db);
  const org = new OrgService(db);
  const auth = new AuthService(db, org, audit, settings);
  const notifications = new NotificationService(db);
  const foreground = new ForegroundRequests();
  const customerDeps = { db, changes, audit };
  const customers = new CustomerService(customerDeps);
  const customerBin = new CustomerBinService(customerDeps);
  const ownership = new OwnershipService({ ...customerDeps, notifications });
  const pool = new PoolService({ ...customerDeps, notifications, settings });
  const contacts = new ContactService(customerDeps);
  const followUps = new FollowUpService(customerDeps);
  const imports = new ImportService({
    ...customerDeps,
    customers,
    contacts,
    foreground,
    silent: config.logLevel === 'silent',
  });
  const exports = new ExportService({ ...customerDeps, contacts, followUps });
  const adminUsers = new AdminUsersService({ db, audit, auth, changes });
  const adminDepartments = new AdminDepartmentsService({ db, audit });
  const adminRoles = new AdminRolesService({ db, audit });
  const adminOps = new AdminOpsService({ db, audit, settings });
  const auditExport = new AuditExportService({ db, audit });
  const sync = new SyncService({ db, customers, customerBin, contacts, followUps, settings });
  return {
    sync, imports, exports,
    config, audit, changes, settings, org, auth, notifications, customers, customerBin, ownership, pool, contacts, followUps,
    adminUsers, adminDepartments, adminRoles, adminOps, auditExport,
    foreground,
    rateLimits: new RateLimiter(),
  };
}

export type Services = ReturnType<typeof createServices>;
