import { TRPCClientError } from '@trpc/client';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError, isErrorCode, type AppErrorData } from '../../../shared/errors';
import { zodFieldErrors } from '../../../shared/validation-errors';

// The local router answers errors in exactly the server's shape ({appCode, params,
// fieldErrors}) so the renderer handles one kind of error whichever side raised it.

export function localErrorData(error: TRPCError): AppErrorData {
  const cause = error.cause;
  if (cause instanceof AppError) return { appCode: cause.code, params: cause.params, fieldErrors: cause.fieldErrors };
  if (cause instanceof ZodError) return { appCode: 'VALIDATION', fieldErrors: zodFieldErrors(cause) };
  switch (error.code) {
    case 'BAD_REQUEST':
    case 'PARSE_ERROR':
      return { appCode: 'VALIDATION' };
    case 'NOT_FOUND':
      return { appCode: 'NOT_FOUND' };
    default:
      return { appCode: 'INTERNAL' };
  }
}

// What a failed server call means for the core. `status` is the HTTP status when the server
// answered at all; no status and no app code means the request never got an answer.
export function fromServerError(e: unknown, server: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof TRPCClientError) {
    const data = e.data as (Partial<AppErrorData> & { httpStatus?: number }) | null | undefined;
    if (data && isErrorCode(data.appCode)) return new AppError(data.appCode, data.params ?? {}, data.fieldErrors ?? []);
    // A batch link failing before any response (DNS, refused, reset, TLS) has no data.
    if (!data) return new AppError('SERVER_UNREACHABLE', { server });
    return new AppError('INTERNAL');
  }
  if (e instanceof TypeError || isNetworkError(e)) return new AppError('SERVER_UNREACHABLE', { server });
  return new AppError('INTERNAL');
}

function isNetworkError(e: unknown): boolean {
  const code = (e as { code?: unknown; cause?: { code?: unknown } } | null)?.cause?.code ?? (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/.test(code);
}
