import { In, type DataSource, type EntityManager } from 'typeorm';
import type { TwoFactorEnrollment, TwoFactorStatus } from '../../../src/shared/domain/two-factor.schema';
import { AppError } from '../../../src/shared/errors';
import { findOneForUpdate } from '../../db/locking';
import type { Caller } from '../../trpc/context';
import type { AuditService } from '../audit/audit.service';
import { auditAs, type Actor } from '../customers/actor';
import { RoleEntity } from '../org/role.entity';
import { UserEntity, UserRoleEntity, type User } from '../org/user.entity';
import { verifyPassword } from './password';
import { hashRecoveryCode, isReplayedTotp, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, totpUri, verifyTotp } from './totp';

// How a second factor was judged: accepted as an app code or a recovery code, a right app code
// that was already used, or wrong.
export type CodeVerdict = 'totp' | 'recovery' | 'replay' | 'invalid';

const CLEARED = { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, totpRecoveryCodes: null } as const;

// Enrolment, use and removal of a user's authenticator (TOTP) and recovery codes.
export class TwoFactorService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async status(caller: Caller): Promise<TwoFactorStatus> {
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: caller.user.id });
    return {
      enabled: !!user.totpEnabledAt,
      required: await this.requiredFor(this.db.manager, user.id),
      recoveryCodesLeft: user.totpEnabledAt ? (user.totpRecoveryCodes?.length ?? 0) : 0,
    };
  }

  // A new secret waits as pending until a code from the app proves it was read correctly.
  async start(caller: Caller): Promise<TwoFactorEnrollment> {
    const users = this.db.getRepository(UserEntity);
    const user = await users.findOneByOrFail({ id: caller.user.id });
    if (user.totpEnabledAt) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
    const secret = newTotpSecret();
    await users.update({ id: user.id }, { totpPendingSecret: secret });
    return { secret, uri: totpUri(user.username, secret) };
  }

  // Answers the recovery codes, in clear this once; only their hashes are kept.
  async confirm(caller: Caller, code: string, ip: string): Promise<{ recoveryCodes: string[] }> {
    const recoveryCodes = newRecoveryCodes();
    const ok = await this.db.transaction(async (em) => {
      const user = await findOneForUpdate(em, UserEntity, { id: caller.user.id });
      if (!user) throw new AppError('NOT_FOUND');
      if (user.totpEnabledAt) throw new AppError('TWO_FACTOR_ALREADY_ENABLED');
      const step = user.totpPendingSecret ? verifyTotp(user.totpPendingSecret, code, null) : null;
      if (step === null) return false;
      await em.getRepository(UserEntity).update(
        { id: user.id },
        {
          totpSecret: user.totpPendingSecret,
          totpPendingSecret: null,
          totpEnabledAt: new Date().toISOString(),
          totpLastStep: step,
          totpRecoveryCodes: recoveryCodes.map(hashRecoveryCode),
        },
      );
      await this.audit.write(em, { action: 'auth.two_factor_enabled', userId: user.id, username: user.username, ip });
      return true;
    });
    if (!ok) {
      await this.auditOnly({ action: 'auth.two_factor_failed', userId: caller.user.id, username: caller.user.username, ip, detail: { reason: 'enroll' } });
      throw new AppError('TWO_FACTOR_CODE_INVALID');
    }
    return { recoveryCodes };
  }

  async disable(caller: Caller, proof: { password?: string; code?: string }, ip: string): Promise<void> {
    const user = await this.db.getRepository(UserEntity).findOneByOrFail({ id: caller.user.id });
    if (await this.requiredFor(this.db.manager, user.id)) throw new AppError('TWO_FACTOR_REQUIRED_BY_ROLE');
    if (!user.totpEnabledAt) return;
    const passwordOk = !!proof.password && (await verifyPassword(user.passwordHash, proof.password));
    const done = await this.db.transaction(async (em) => {
      const fresh = await findOneForUpdate(em, UserEntity, { id: user.id });
      if (!fresh) throw new AppError('NOT_FOUND');
      const verdict = passwordOk ? 'password' : proof.code ? await this.consume(em, fresh, proof.code) : 'invalid';
      if (verdict === 'invalid' || verdict === 'replay') return verdict;
      await em.getRepository(UserEntity).update({ id: user.id }, CLEARED);
      await this.audit.write(em, { action: 'auth.two_factor_disabled', userId: user.id, username: user.username, ip, detail: { proof: verdict } });
      return 'done';
    });
    if (done === 'done') return;
    await this.auditOnly({ action: 'auth.two_factor_failed', userId: user.id, username: user.username, ip, detail: { reason: 'disable' } });
    if (done === 'replay') throw new AppError('TWO_FACTOR_CODE_USED');
    throw new AppError(proof.password ? 'PASSWORD_WRONG' : 'TWO_FACTOR_CODE_INVALID');
  }

  // An administrator (or, with no actor, the command line) removes a user's authenticator: a lost
  // phone. If a role requires two-factor, the user sets up a new one right after their password.
  async reset(actor: Actor | null, userId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const user = await em.getRepository(UserEntity).findOneBy({ id: userId });
      if (!user) throw new AppError('NOT_FOUND');
      await em.getRepository(UserEntity).update({ id: userId }, { ...CLEARED, updatedAt: new Date().toISOString() });
      await auditAs(this.audit, em, actor, 'user.two_factor_reset', 'user', userId, {
        username: user.username,
        wasEnabled: !!user.totpEnabledAt,
        ...(actor ? {} : { via: 'command line' }),
      });
    });
  }

  // Judges a second factor inside the caller's transaction, `user` read under its row lock, and
  // spends what was accepted: the app code's step, or the recovery code.
  async consume(em: EntityManager, user: User, rawCode: string): Promise<CodeVerdict> {
    if (!user.totpSecret || !user.totpEnabledAt) return 'invalid';
    const code = rawCode.replace(/\s+/g, '');
    const step = verifyTotp(user.totpSecret, code, user.totpLastStep);
    if (step !== null) {
      await em.getRepository(UserEntity).update({ id: user.id }, { totpLastStep: step });
      return 'totp';
    }
    if (isReplayedTotp(user.totpSecret, code, user.totpLastStep)) return 'replay';
    if (!looksLikeRecoveryCode(code)) return 'invalid';
    const hash = hashRecoveryCode(code);
    const left = user.totpRecoveryCodes ?? [];
    if (!left.includes(hash)) return 'invalid';
    await em.getRepository(UserEntity).update({ id: user.id }, { totpRecoveryCodes: left.filter((h) => h !== hash) });
    return 'recovery';
  }

  async requiredFor(em: EntityManager, userId: string): Promise<boolean> {
    const links = await em.getRepository(UserRoleEntity).findBy({ userId });
    if (!links.length) return false;
    return (await em.getRepository(RoleEntity).countBy({ id: In(links.map((l) => l.roleId)), requireTwoFactor: true })) > 0;
  }

  private auditOnly(input: Parameters<AuditService['write']>[1]): Promise<void> {
    return this.db.transaction((em) => this.audit.write(em, input));
  }
}
