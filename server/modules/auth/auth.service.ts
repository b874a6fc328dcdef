import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { IsNull, type DataSource } from 'typeorm';
import { checkPassword, type LoginResult } from '../../../src/shared/domain/auth.schema';
import { AppError } from '../../../src/shared/errors';
import type { Caller } from '../../trpc/context';
import type { AuditService } from '../audit/audit.service';
import type { OrgService } from '../org/org.service';
import { UserEntity, type User } from '../org/user.entity';
import type { SettingsService } from '../settings/settings.service';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { SessionEntity } from './session.entity';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const minutes = (n: number) => n * 60_000;

// Failed sign-ins per source address, kept in memory: one server process serves an
// installation, and a restart forgetting them errs on the side of letting people in.
interface AddressFailures {
  count: number;
  firstAt: number;
  lockedUntil: number;
}

export class AuthService {
  private readonly addressFailures = new Map<string, AddressFailures>();

  constructor(
    private readonly db: DataSource,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {}

  async login(username: string, password: string, ip: string, device: string | null): Promise<LoginResult> {
    const s = await this.settings.all();
    const now = Date.now();
    const addr = this.addressFailures.get(ip);
    if (addr && addr.lockedUntil > now) {
      await this.auditOnly({ action: 'auth.login_blocked_address', username, ip });
      throw new AppError('ADDRESS_LOCKED', { minutes: Math.ceil((addr.lockedUntil - now) / 60_000) });
    }
    const users = this.db.getRepository(UserEntity);
    const user = await users.findOneBy({ username: username.trim() });
    if (!user) {
      await verifyPassword(await dummyHash(), password);
      await this.failAddress(ip, s['auth.maxFailedLoginsPerAddress'], s['auth.lockMinutes']);
      await this.auditOnly({ action: 'auth.login_failed', username, ip, detail: { reason: 'unknown_user' } });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.lockedUntil && Date.parse(user.lockedUntil) > now) {
      await this.auditOnly({ action: 'auth.login_blocked_locked', userId: user.id, username: user.username, ip });
      throw new AppError('ACCOUNT_LOCKED', { minutes: Math.ceil((Date.parse(user.lockedUntil) - now) / 60_000) });
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok) {
      await this.failAddress(ip, s['auth.maxFailedLoginsPerAddress'], s['auth.lockMinutes']);
      const failed = user.failedLogins + 1;
      const lock = failed >= s['auth.maxFailedLogins'];
      await this.db.transaction(async (em) => {
        await em.getRepository(UserEntity).update(
          { id: user.id },
          { failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now + minutes(s['auth.lockMinutes'])).toISOString() : user.lockedUntil },
        );
        await this.audit.write(em, { action: 'auth.login_failed', userId: user.id, username: user.username, ip, detail: { reason: 'password', failed } });
        if (lock) await this.audit.write(em, { action: 'auth.locked', userId: user.id, username: user.username, ip, detail: { minutes: s['auth.lockMinutes'] } });
      });
      if (lock) throw new AppError('ACCOUNT_LOCKED', { minutes: s['auth.lockMinutes'] });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (!user.enabled) {
      await this.auditOnly({ action: 'auth.login_failed', userId: user.id, username: user.username, ip, detail: { reason: 'disabled' } });
      throw new AppError('ACCOUNT_DISABLED');
    }
    this.addressFailures.delete(ip);
    const token = randomBytes(32).toString('base64url');
    const nowIso = new Date(now).toISOString();
    const session = {
      id: uuidv7(),
      tokenHash: hashToken(token),
      userId: user.id,
      createdAt: nowIso,
      lastSeenAt: nowIso,
      expiresAt: new Date(now + minutes(s['auth.sessionIdleMinutes'])).toISOString(),
      absoluteExpiresAt: new Date(now + s['auth.sessionAbsoluteHours'] * 3_600_000).toISOString(),
      revokedAt: null,
      ip,
      device: device?.slice(0, 200) ?? null,
    };
    await this.db.transaction(async (em) => {
      await em.getRepository(SessionEntity).insert(session);
      await em.getRepository(UserEntity).update({ id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: nowIso });
      await this.audit.write(em, { action: 'auth.login', userId: user.id, username: user.username, ip, detail: { sessionId: session.id, device } });
    });
    const caller = await this.org.loadCaller(user.id, session.id);
    if (!caller) throw new AppError('ACCOUNT_DISABLED');
    return { token, expiresAt: session.expiresAt, user: caller.user };
  }

  // Resolves a bearer token to its caller, sliding the idle expiry forward. Expired,
  // revoked and disabled-user sessions answer null.
  async resolve(token: string): Promise<Caller | null> {
    const sessions = this.db.getRepository(SessionEntity);
    const session = await sessions.findOneBy({ tokenHash: hashToken(token) });
    if (!session || session.revokedAt) return null;
    const now = Date.now();
    if (Date.parse(session.expiresAt) <= now || Date.parse(session.absoluteExpiresAt) <= now) return null;
    const caller = await this.org.loadCaller(session.userId, session.id);
    if (!caller) return null;
    // Write the renewal at most once a minute: every request touching the row would
    // serialise all of a user's requests on SQLite.
    if (now - Date.parse(session.lastSeenAt) > 60_000) {
      const idle = await this.settings.get('auth.sessionIdleMinutes');
      const expires = Math.min(now + minutes(idle), Date.parse(session.absoluteExpiresAt));
      await sessions.update({ id: session.id }, { lastSeenAt: new Date(now).toISOString(), expiresAt: new Date(expires).toISOString() });
    }
    return caller;
  }

  async logout(caller: Caller, ip: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.getRepository(SessionEntity).update({ id: caller.sessionId }, { revokedAt: new Date().toISOString() });
      await this.audit.write(em, { action: 'auth.logout', userId: caller.user.id, username: caller.user.username, ip, detail: { sessionId: caller.sessionId } });
    });
  }

  async changePassword(caller: Caller, current: string, next: string, ip: string): Promise<void> {
    const users = this.db.getRepository(UserEntity);
    const user = await users.findOneByOrFail({ id: caller.user.id });
    if (!(await verifyPassword(user.passwordHash, current))) {
      await this.auditOnly({ action: 'auth.password_change_failed', userId: user.id, username: user.username, ip });
      throw new AppError('PASSWORD_WRONG');
    }
    await this.assertPolicy(next, user.username);
    if (await verifyPassword(user.passwordHash, next)) throw new AppError('PASSWORD_POLICY', { reason: 'sameAsCurrent' });
    const passwordHash = await hashPassword(next);
    await this.db.transaction(async (em) => {
      await em.getRepository(UserEntity).update(
        { id: user.id },
        { passwordHash, mustChangePassword: false, passwordChangedAt: new Date().toISOString(), updatedAt: new Date().toISOString() },
      );
      await this.audit.write(em, { action: 'auth.password_changed', userId: user.id, username: user.username, ip });
    });
  }

  async assertPolicy(password: string, username: string): Promise<void> {
    const minLength = await this.settings.get('auth.passwordMinLength');
    const problem = checkPassword(password, username, { minLength });
    if (problem) throw new AppError('PASSWORD_POLICY', { reason: problem, min: minLength });
  }

  // Sets a password chosen by an administrator or the command line; the user must change it.
  async setPassword(user: User, password: string, mustChange: boolean, by: { userId: string | null; username: string | null }): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (em) => {
      await em.getRepository(UserEntity).update(
        { id: user.id },
        { passwordHash, mustChangePassword: mustChange, failedLogins: 0, lockedUntil: null, updatedAt: new Date().toISOString() },
      );
      await em.getRepository(SessionEntity).update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date().toISOString() });
      await this.audit.write(em, { action: 'auth.password_reset', userId: by.userId, username: by.username, entity: 'user', entityId: user.id });
    });
  }

  private async failAddress(ip: string, max: number, lockMinutes: number): Promise<void> {
    const now = Date.now();
    const cur = this.addressFailures.get(ip);
    const entry = !cur || now - cur.firstAt > minutes(lockMinutes) ? { count: 0, firstAt: now, lockedUntil: 0 } : cur;
    entry.count++;
    if (entry.count >= max) {
      entry.lockedUntil = now + minutes(lockMinutes);
      entry.count = 0;
      entry.firstAt = now;
      await this.auditOnly({ action: 'auth.address_locked', ip, detail: { minutes: lockMinutes } });
    }
    this.addressFailures.set(ip, entry);
  }

  private auditOnly(input: Parameters<AuditService['write']>[1]): Promise<void> {
    return this.db.transaction((em) => this.audit.write(em, input));
  }
}
