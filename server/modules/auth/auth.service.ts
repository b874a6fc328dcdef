import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { checkPassword, type LoginResult } from '../../../src/shared/domain/auth.schema';
import { AppError } from '../../../src/shared/errors';
import { findOneForUpdate } from '../../db/locking';
import type { Caller } from '../../trpc/context';
import type { AuditService } from '../audit/audit.service';
import type { OrgService } from '../org/org.service';
import { UserEntity, type User } from '../org/user.entity';
import type { SettingsService } from '../settings/settings.service';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { SessionEntity } from './session.entity';
import { TwoFactorService, type CodeVerdict } from './two-factor.service';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const minutes = (n: number) => n * 60_000;

// Whole minutes (rounded up) until a lock ends; 0 when there is no lock in force.
const lockedMinutes = (until: string | null): number => {
  const left = until ? Date.parse(until) - Date.now() : 0;
  return left > 0 ? Math.ceil(left / 60_000) : 0;
};

// Failed sign-ins per source address, kept in memory: one server process serves an
// installation, and a restart forgetting them errs on the side of letting people in.
interface AddressFailures {
  count: number;
  firstAt: number;
  lockedUntil: number;
}

// A sign-in whose password was right, waiting for the second factor. Kept in memory like the
// address failures: a restart only means typing the password again.
interface Challenge {
  userId: string;
  device: string | null;
  expiresAt: number;
  attempts: number;
}
const CHALLENGE_SECONDS = 300;
// Wrong codes also count on the account; this only stops one challenge from being hammered.
const CHALLENGE_ATTEMPTS = 5;

export class AuthService {
  private readonly addressFailures = new Map<string, AddressFailures>();
  private readonly challenges = new Map<string, Challenge>();
  readonly twoFactor: TwoFactorService;

  constructor(
    private readonly db: DataSource,
    private readonly org: OrgService,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
  ) {
    this.twoFactor = new TwoFactorService(db, audit);
  }

  async login(username: string, password: string, ip: string, device: string | null): Promise<LoginResult> {
    const s = await this.settings.all();
    await this.assertAddressOpen(ip, username);
    const users = this.db.getRepository(UserEntity);
    const user = await users.findOneBy({ username: username.trim() });
    if (!user) {
      await verifyPassword(await dummyHash(), password);
      await this.failAddress(ip, s['auth.maxFailedLoginsPerAddress'], s['auth.lockMinutes']);
      await this.auditOnly({ action: 'auth.login_failed', username, ip, detail: { reason: 'unknown_user' } });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (lockedMinutes(user.lockedUntil) > 0) {
      await this.auditOnly({ action: 'auth.login_blocked_locked', userId: user.id, username: user.username, ip });
      throw new AppError('ACCOUNT_LOCKED', { minutes: lockedMinutes(user.lockedUntil) });
    }
    const ok = await verifyPassword(user.passwordHash, password);
    if (!ok) {
      await this.failAddress(ip, s['auth.maxFailedLoginsPerAddress'], s['auth.lockMinutes']);
      const locked = await this.recordFailure(user, ip, s['auth.maxFailedLogins'], s['auth.lockMinutes']);
      if (locked) throw new AppError('ACCOUNT_LOCKED', { minutes: locked });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (!user.enabled) {
      await this.auditOnly({ action: 'auth.login_failed', userId: user.id, username: user.username, ip, detail: { reason: 'disabled' } });
      throw new AppError('ACCOUNT_DISABLED');
    }
    // Parallel guesses all pass the checks above before any of them fails. Ask again now,
    // so that the guess which happens to be right is refused once the burst has locked the
    // address or the account.
    // The address's failures are not forgiven by a success: otherwise someone with one valid
    // account could sign in between guesses at other accounts and never reach the limit.
    await this.assertAddressOpen(ip, username);
    if (user.totpEnabledAt) await this.challenge(user, ip, device);
    return this.openSession(user, ip, device);
  }

  // The password was right and the user has an authenticator: no session yet. The answer is an
  // error the client expects (as OAuth's mfa_required), carrying the challenge for loginTwoFactor.
  private async challenge(user: User, ip: string, device: string | null): Promise<never> {
    const challenge = randomBytes(32).toString('base64url');
    const now = Date.now();
    for (const [k, c] of this.challenges) if (c.expiresAt <= now) this.challenges.delete(k);
    this.challenges.set(hashToken(challenge), { userId: user.id, device, expiresAt: now + CHALLENGE_SECONDS * 1000, attempts: 0 });
    await this.auditOnly({ action: 'auth.two_factor_challenged', userId: user.id, username: user.username, ip });
    throw new AppError('TWO_FACTOR_CHALLENGE', { challenge, expiresIn: CHALLENGE_SECONDS });
  }

  // The second step of a sign-in: an app code or a recovery code for the challenge. Wrong codes
  // count toward the account's and the address's lockout exactly like wrong passwords.
  async loginTwoFactor(challenge: string, code: string, ip: string, device: string | null): Promise<LoginResult> {
    const s = await this.settings.all();
    await this.assertAddressOpen(ip, null);
    const key = hashToken(challenge);
    const pending = this.challenges.get(key);
    if (!pending || pending.expiresAt <= Date.now()) {
      this.challenges.delete(key);
      throw new AppError('TWO_FACTOR_CHALLENGE_EXPIRED');
    }
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: pending.userId });
    if (!user || !user.enabled) {
      this.challenges.delete(key);
      throw new AppError('ACCOUNT_DISABLED');
    }
    if (lockedMinutes(user.lockedUntil) > 0) {
      this.challenges.delete(key);
      await this.auditOnly({ action: 'auth.login_blocked_locked', userId: user.id, username: user.username, ip });
      throw new AppError('ACCOUNT_LOCKED', { minutes: lockedMinutes(user.lockedUntil) });
    }
    const verdicts: CodeVerdict[] = [];
    try {
      const result = await this.openSession(user, ip, device ?? pending.device, async (em, fresh) => {
        const v = await this.twoFactor.consume(em, fresh, code);
        verdicts.push(v);
        return v === 'totp' || v === 'recovery' ? v : null;
      });
      this.challenges.delete(key);
      return result;
    } catch (e) {
      const verdict = verdicts.at(-1);
      if (!(e instanceof AppError) || e.code !== 'TWO_FACTOR_CODE_INVALID' || !verdict) {
        if (e instanceof AppError && e.code === 'ACCOUNT_LOCKED') this.challenges.delete(key);
        throw e;
      }
      if (++pending.attempts >= CHALLENGE_ATTEMPTS) this.challenges.delete(key);
      if (verdict === 'replay') {
        await this.auditOnly({ action: 'auth.two_factor_failed', userId: user.id, username: user.username, ip, detail: { reason: 'replay' } });
        throw new AppError('TWO_FACTOR_CODE_USED');
      }
      await this.failAddress(ip, s['auth.maxFailedLoginsPerAddress'], s['auth.lockMinutes']);
      const locked = await this.recordFailure(user, ip, s['auth.maxFailedLogins'], s['auth.lockMinutes'], 'code');
      if (locked) {
        this.challenges.delete(key);
        throw new AppError('ACCOUNT_LOCKED', { minutes: locked });
      }
      throw e;
    }
  }

  // Opens a session for a user whose password (and second factor, when `factor` judges one
  // inside the transaction) was accepted. A factor answering null refuses the sign-in.
  private async openSession(
    user: User,
    ip: string,
    device: string | null,
    factor?: (em: EntityManager, fresh: User) => Promise<'totp' | 'recovery' | null>,
  ): Promise<LoginResult> {
    const s = await this.settings.all();
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
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
    const lockedMeanwhile = await this.db.transaction(async (em) => {
      const fresh = await findOneForUpdate(em, UserEntity, { id: user.id });
      if (!fresh || lockedMinutes(fresh.lockedUntil) > 0) return lockedMinutes(fresh?.lockedUntil ?? null) || 1;
      const via = factor ? await factor(em, fresh) : undefined;
      if (via === null) throw new AppError('TWO_FACTOR_CODE_INVALID');
      await em.getRepository(SessionEntity).insert(session);
      await em.getRepository(UserEntity).update({ id: user.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: nowIso });
      await this.audit.write(em, {
        action: 'auth.login',
        userId: user.id,
        username: user.username,
        ip,
        detail: { sessionId: session.id, device, ...(via ? { twoFactor: via } : {}) },
      });
      return 0;
    });
    if (lockedMeanwhile) {
      await this.auditOnly({ action: 'auth.login_blocked_locked', userId: user.id, username: user.username, ip });
      throw new AppError('ACCOUNT_LOCKED', { minutes: lockedMeanwhile });
    }
    const caller = await this.org.loadCaller(user.id, session.id);
    if (!caller) throw new AppError('ACCOUNT_DISABLED');
    return { token, expiresAt: session.expiresAt, user: caller.user };
  }

  // Counts a wrong password on the account and locks it at the limit. The count is read
  // under a row lock: parallel guesses must not all read the same count and each write +1.
  // Answers the minutes the account is now locked for, or 0.
  private recordFailure(user: User, ip: string, max: number, lockMinutes: number, reason: 'password' | 'code' = 'password'): Promise<number> {
    return this.db.transaction(async (em) => {
      const fresh = await findOneForUpdate(em, UserEntity, { id: user.id });
      if (!fresh) return 0;
      const already = lockedMinutes(fresh.lockedUntil);
      const failed = already ? fresh.failedLogins : fresh.failedLogins + 1;
      const lock = !already && failed >= max;
      if (!already) {
        await em.getRepository(UserEntity).update(
          { id: user.id },
          lock ? { failedLogins: 0, lockedUntil: new Date(Date.now() + minutes(lockMinutes)).toISOString() } : { failedLogins: failed },
        );
      }
      await this.audit.write(em, {
        action: reason === 'code' ? 'auth.two_factor_failed' : 'auth.login_failed',
        userId: user.id,
        username: user.username,
        ip,
        detail: { reason, failed },
      });
      if (lock) await this.audit.write(em, { action: 'auth.locked', userId: user.id, username: user.username, ip, detail: { minutes: lockMinutes } });
      return lock ? lockMinutes : already;
    });
  }

  private async assertAddressOpen(ip: string, username: string | null): Promise<void> {
    const addr = this.addressFailures.get(ip);
    const now = Date.now();
    if (addr && addr.lockedUntil > now) {
      await this.auditOnly({ action: 'auth.login_blocked_address', username, ip });
      throw new AppError('ADDRESS_LOCKED', { minutes: Math.ceil((addr.lockedUntil - now) / 60_000) });
    }
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

  // Why a token that did not resolve was refused: its user was disabled, or the session was
  // revoked (sign-out elsewhere, administrator, password reset). Expired or unknown: null.
  async rejectionOf(token: string): Promise<'revoked' | 'disabled' | null> {
    const session = await this.db.getRepository(SessionEntity).findOneBy({ tokenHash: hashToken(token) });
    if (!session) return null;
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: session.userId });
    if (!user || !user.enabled) return 'disabled';
    return session.revokedAt ? 'revoked' : null;
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
  async setPassword(
    user: User,
    password: string,
    mustChange: boolean,
    by: { userId: string | null; username: string | null; via?: string },
  ): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (em) => {
      await em.getRepository(UserEntity).update(
        { id: user.id },
        { passwordHash, mustChangePassword: mustChange, failedLogins: 0, lockedUntil: null, updatedAt: new Date().toISOString() },
      );
      await em.getRepository(SessionEntity).update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date().toISOString() });
      await this.audit.write(em, {
        action: 'auth.password_reset',
        userId: by.userId,
        username: by.username,
        entity: 'user',
        entityId: user.id,
        detail: { user: user.username, mustChange, ...(by.via ? { via: by.via } : {}) },
      });
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
    if (this.addressFailures.size > 10_000) this.forgetOldAddresses(now, minutes(lockMinutes));
  }

  // Many source addresses (IPv6 makes that cheap) must not grow the map without bound.
  private forgetOldAddresses(now: number, window: number): void {
    for (const [ip, e] of this.addressFailures) {
      if (e.lockedUntil <= now && now - e.firstAt > window) this.addressFailures.delete(ip);
    }
  }

  private auditOnly(input: Parameters<AuditService['write']>[1]): Promise<void> {
    return this.db.transaction((em) => this.audit.write(em, input));
  }
}
