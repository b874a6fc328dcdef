import { AppError } from '../../src/shared/errors';
import type { Permission } from '../../src/shared/permissions/catalog';
import type { Caller } from './context';
import type { RateBucket } from './rate-limit';
import { baseProcedure } from './trpc';

export const publicProcedure = baseProcedure.meta({ needs: 'public' });

const requireCaller = baseProcedure.use(({ ctx, next, path }) => {
  // A disabled user's desktop is told to wipe its caches (params.wipe) at this first refusal.
  if (!ctx.caller) {
    if (ctx.tokenRejected) throw new AppError('UNAUTHENTICATED', { reason: ctx.tokenRejected, wipe: ctx.tokenRejected === 'disabled' ? 1 : 0 });
    throw new AppError('UNAUTHENTICATED');
  }
  // Until the first-login password change is done, only the auth procedures answer.
  if (ctx.caller.user.mustChangePassword && !path.startsWith('auth.')) throw new AppError('PASSWORD_CHANGE_REQUIRED');
  if (ctx.caller.user.mustEnrollTwoFactor && !path.startsWith('auth.')) throw new AppError('TWO_FACTOR_ENROLLMENT_REQUIRED');
  return next({ ctx: { ...ctx, caller: ctx.caller as Caller } });
});

export const authedProcedure = requireCaller.meta({ needs: 'authenticated' });

// The one place a permission is checked; the matrix test walks every procedure's meta.
export function permitted(permission: Permission) {
  return requireCaller.meta({ needs: permission }).use(({ ctx, next }) => {
    if (!ctx.caller.grant.permissions.has(permission)) throw new AppError('FORBIDDEN', { permission });
    return next();
  });
}

// A permitted procedure that also spends one call from the caller's rate-limit bucket.
export function permittedLimited(permission: Permission, bucket: RateBucket) {
  return permitted(permission).use(({ ctx, next }) => {
    ctx.services.rateLimits.take(ctx.caller.user.id, bucket);
    return next();
  });
}
