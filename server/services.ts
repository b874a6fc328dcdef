import type { DataSource } from 'typeorm';
import type { ServerConfig } from './config';
import { AuditService } from './modules/audit/audit.service';
import { AuthService } from './modules/auth/auth.service';
import { ChangeLogService } from './modules/changes/change-log.service';
import { ContactService } from './modules/contacts/contact.service';
import { CustomerBinService } from './modules/customers/customer-bin.service';
import { CustomerService } from './modules/customers/customer.service';
import { OwnershipService } from './modules/customers/ownership.service';
import { FollowUpService } from './modules/followups/followup.service';
import { NotificationService } from './modules/notifications/notification.service';
import { OrgService } from './modules/org/org.service';
import { PoolService } from './modules/pool/pool.service';
import { SettingsService } from './modules/settings/settings.service';

// The composition root for domain services: each gets what it depends on, nothing global.
export function createServices(db: DataSource, config: ServerConfig) {
  const audit = new AuditService();
  const changes = new ChangeLogService();
  const settings = new SettingsService(db);
  const org = new OrgService(db);
  const auth = new AuthService(db, org, audit, settings);
  const notifications = new NotificationService(db);
  const customerDeps = { db, changes, audit };
  const customers = new CustomerService(customerDeps);
  const customerBin = new CustomerBinService(customerDeps);
  const ownership = new OwnershipService({ ...customerDeps, notifications });
  const pool = new PoolService({ ...customerDeps, notifications, settings });
  const contacts = new ContactService(customerDeps);
  const followUps = new FollowUpService(customerDeps);
  return { config, audit, changes, settings, org, auth, notifications, customers, customerBin, ownership, pool, contacts, followUps };
}

export type Services = ReturnType<typeof createServices>;
