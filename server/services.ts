import type { DataSource } from 'typeorm';
import type { ServerConfig } from './config';
import { AuditService } from './modules/audit/audit.service';
import { AuthService } from './modules/auth/auth.service';
import { ChangeLogService } from './modules/changes/change-log.service';
import { OrgService } from './modules/org/org.service';
import { SettingsService } from './modules/settings/settings.service';

// The composition root for domain services: each gets what it depends on, nothing global.
export function createServices(db: DataSource, config: ServerConfig) {
  const audit = new AuditService();
  const changes = new ChangeLogService();
  const settings = new SettingsService(db);
  const org = new OrgService(db);
  const auth = new AuthService(db, org, audit, settings);
  return { config, audit, changes, settings, org, auth };
}

export type Services = ReturnType<typeof createServices>;
