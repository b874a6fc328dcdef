import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError, type AppErrorData, type ErrorCode } from '../../src/shared/errors';
import type { Permission } from '../../src/shared/permissions/catalog';
import type { Context } from './context';
import { zodFieldErrors } from '../../src/shared/validation-errors';

// Every procedure says what it needs; a test walks the router and fails on any that does not.
export interface Meta {
  needs: Permission | 'authenticated' | 'public';
}

const TRPC_CODE: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  SESSION_EXPIRED: 'UNAUTHORIZED',
  NOT_SIGNED_IN: 'UNAUTHORIZED',
  CACHE_LOCKED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  PASSWORD_CHANGE_REQUIRED: 'FORBIDDEN',
  NOT_OWNER: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  USER_NOT_FOUND: 'BAD_REQUEST',
  VALIDATION: 'BAD_REQUEST',
  PASSWORD_POLICY: 'BAD_REQUEST',
  PASSWORD_WRONG: 'BAD_REQUEST',
  INVALID_PARENT: 'BAD_REQUEST',
  DUPLICATE_CUSTOMER: 'CONFLICT',
  VERSION_CONFLICT: 'CONFLICT',
  NOT_IN_POOL: 'CONFLICT',
  POOL_LIMIT_REACHED: 'PRECONDITION_FAILED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  ACCOUNT_LOCKED: 'TOO_MANY_REQUESTS',
  ADDRESS_LOCKED: 'TOO_MANY_REQUESTS',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  ACCOUNT_DISABLED: 'FORBIDDEN',
  SERVER_UNREACHABLE: 'INTERNAL_SERVER_ERROR',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  IMPORT_FILE_REJECTED: 'BAD_REQUEST',
  IMPORT_NO_HEADER: 'BAD_REQUEST',
  // The password was right; the answer carries the challenge for the second step.
  TWO_FACTOR_CHALLENGE: 'UNAUTHORIZED',
  TWO_FACTOR_CHALLENGE_EXPIRED: 'UNAUTHORIZED',
  TWO_FACTOR_CODE_INVALID: 'UNAUTHORIZED',
  TWO_FACTOR_CODE_USED: 'UNAUTHORIZED',
  TWO_FACTOR_ENROLLMENT_REQUIRED: 'FORBIDDEN',
  TWO_FACTOR_REQUIRED_BY_ROLE: 'FORBIDDEN',
  TWO_FACTOR_ALREADY_ENABLED: 'CONFLICT',
  LAST_ADMIN: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

export function toTRPCError(e: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[e.code], message: e.code, cause: e });
}


export function appErrorData(error: TRPCError): AppErrorData {
  const cause = error.cause;
  if (cause instanceof AppError) return { appCode: cause.code, params: cause.params, fieldErrors: cause.fieldErrors };
  if (cause instanceof ZodError) return { appCode: 'VALIDATION', fieldErrors: zodFieldErrors(cause) };
  switch (error.code) {
    case 'UNAUTHORIZED':
      return { appCode: 'UNAUTHENTICATED' };
    case 'FORBIDDEN':
      return { appCode: 'FORBIDDEN' };
    case 'NOT_FOUND':
      return { appCode: 'NOT_FOUND' };
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
      return { appCode: 'VALIDATION' };
    // The request body is over the server's limit (http-server.ts), before any procedure ran.
    case 'PAYLOAD_TOO_LARGE':
      return { appCode: 'PAYLOAD_TOO_LARGE' };
    case 'TOO_MANY_REQUESTS':
      return { appCode: 'RATE_LIMITED' };
    default:
      return { appCode: 'INTERNAL' };
  }
}

export const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const data = appErrorData(error);
      // Internal errors never leak their text or stack to the caller.
      const message = data.appCode === 'INTERNAL' || data.appCode === 'VALIDATION' ? data.appCode : shape.message;
      return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, ...data } };
    },
  });

// Services throw AppError; turn them into tRPC errors with the right HTTP status here, once.
const appErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof AppError) {
    const err = toTRPCError(res.error.cause);
    return { ...res, error: err };
  }
  return res;
});

export const router = t.router;
export const baseProcedure = t.procedure.use(appErrors);

