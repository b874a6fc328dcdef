import { And, IsNull, LessThanOrEqual, MoreThan, MoreThanOrEqual, type DataSource, type FindOptionsWhere } from 'typeorm';
import type { z } from 'zod';
import type { AuditEntryDto, auditListInput, SessionDto } from '../../../src/shared/domain/admin.schema';
import type { Paged } from '../../../src/shared/domain/common.schema';
import { AppError } from '../../../src/shared/errors';
import { AuditEntity, type AuditEntry } from '../audit/audit.entity';
import type { AuditService } from '../audit/audit.service';
import { SessionEntity } from '../auth/session.entity';
import { auditAs, type Actor } from '../customers/actor';
import { SettingEntity } from '../settings/setting.entity';
import { settingsSchema, type Settings, type SettingsService } from '../settings/settings.service';
import { diff } from './admin-users.service';

// Sessions, security settings and the audit log viewer (admin.*, auth.sessions).
export class AdminOpsService {
  constructor(private readonly deps: { db: DataSource; audit: AuditService; settings: SettingsService }) {}

  // Live sessions of a user: not revoked, not expired.
  async sessions(userId: string, currentSessionId: string): Promise<SessionDto[]> {
    const now = new Date().toISOString();
    const rows = await this.deps.db.getRepository(SessionEntity).find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now), absoluteExpiresAt: MoreThan(now) },
      order: { lastSeenAt: 'DESC' },
    });
    return rows.map((s) => ({
      id: s.id, userId: s.userId, device: s.device, ip: s.ip, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt,
      current: s.id === currentSessionId,
    }));
  }

  // Ends one session; `ownerId` limits it to that user's own sessions (auth.revokeSession).
  async revokeSession(actor: Actor, id: string, ownerId?: string): Promise<void> {
    await this.deps.db.transaction(async (em) => {
      const s = await em.getRepository(SessionEntity).findOneBy({ id });
      if (!s || (ownerId && s.userId !== ownerId)) throw new AppError('NOT_FOUND');
      if (s.revokedAt) return;
      await em.getRepository(SessionEntity).update({ id }, { revokedAt: new Date().toISOString() });
      await auditAs(this.deps.audit, em, actor, 'session.revoke', 'session', id, { userId: s.userId, device: s.device, ip: s.ip });
    });
  }

  settings(): Promise<Settings> {
    return this.deps.settings.all();
  }

  async setSettings(actor: Actor, patch: Partial<Settings>): Promise<Settings> {
    const before = await this.deps.settings.all();
    const next = settingsSchema.parse({ ...before, ...patch });
    const changes = diff(before, patch);
    if (!Object.keys(changes).length) return before;
    await this.deps.db.transaction(async (em) => {
      const now = new Date().toISOString();
      for (const key of Object.keys(changes) as (keyof Settings)[]) await em.getRepository(SettingEntity).save({ key, value: next[key], updatedAt: now });
      await auditAs(this.deps.audit, em, actor, 'settings.update', 'settings', 'security', { changes });
    });
    return next;
  }

  async auditList(input: z.output<typeof auditListInput>): Promise<Paged<AuditEntryDto>> {
    const [rows, total] = await this.deps.db.getRepository(AuditEntity).findAndCount({
      where: auditWhere(input),
      order: { seq: 'DESC' },
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    });
    const items = rows.map(({ id: _id, prevHash: _p, hash: _h, ...e }) => e);
    return { items, total };
  }

  // Applies the retention setting now (also run daily by the server's jobs).
  async applyRetention(actor: Actor | null): Promise<{ removed: number }> {
    const days = await this.deps.settings.get('audit.retentionDays');
    if (!days) return { removed: 0 };
    const before = new Date(Date.now() - days * 86_400_000).toISOString();
    const removed = await this.deps.db.transaction((em) =>
      this.deps.audit.purgeBefore(em, before, { userId: actor?.caller.user.id ?? null, username: actor?.caller.user.username ?? null, ip: actor?.ip ?? null }),
    );
    return { removed };
  }

  auditVerify() {
    return this.deps.audit.verify(this.deps.db.manager);
  }
}

export type AuditFilter = Omit<z.output<typeof auditListInput>, 'page' | 'pageSize'>;

// The audit viewer's filters as a query; the list and the Excel export share it.
export function auditWhere(input: AuditFilter): FindOptionsWhere<AuditEntry> {
  const where: FindOptionsWhere<AuditEntry> = {};
  if (input.userId) where.userId = input.userId;
  if (input.action) where.action = input.action;
  if (input.entity) where.entity = input.entity;
  if (input.entityId) where.entityId = input.entityId;
  // Instants are stored as ISO text in UTC; normalise the bounds so that text order is time order.
  const from = input.from ? new Date(input.from).toISOString() : null;
  const to = input.to ? new Date(input.to).toISOString() : null;
  if (from && to) where.at = And(MoreThanOrEqual(from), LessThanOrEqual(to));
  else if (from) where.at = MoreThanOrEqual(from);
  else if (to) where.at = LessThanOrEqual(to);
  return where;
}
