import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isErrorCode, type AppErrorData, type ErrorParams, type FieldError } from '../../../shared/errors';

// The local API (and the server behind it) puts {appCode, params, fieldErrors} in every error's
// data; anything else (a dropped bridge, a bug) becomes INTERNAL so users never see raw text.
export function appErrorOf(error: unknown): AppErrorData {
  const data = (error as { data?: unknown } | null)?.data ?? (error as { shape?: { data?: unknown } } | null)?.shape?.data;
  if (data && typeof data === 'object' && isErrorCode((data as AppErrorData).appCode)) return data as AppErrorData;
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) return { appCode: 'SERVER_UNREACHABLE', params: { server: '' } };
  return { appCode: 'INTERNAL' };
}

export function errorCodeOf(error: unknown): AppErrorData['appCode'] {
  return appErrorOf(error).appCode;
}

// Params may themselves hold keys: PASSWORD_POLICY's reason names a passwordProblems entry and
// DUPLICATE_CUSTOMER's field a customer field.
function localiseParams(t: TFunction, code: AppErrorData['appCode'], params: ErrorParams = {}): ErrorParams {
  const out: ErrorParams = { ...params };
  if (code === 'PASSWORD_POLICY' && typeof params.reason === 'string') {
    out.reason = t(`passwordProblems.${params.reason}`, { min: 8, ...params });
  }
  if (code === 'DUPLICATE_CUSTOMER' && typeof params.field === 'string') {
    out.field = t(`fields.customer.${params.field}`, { defaultValue: params.field });
  }
  // The server says '-' for a customer in the pool (no owner).
  if (code === 'DUPLICATE_CUSTOMER' && (!params.owner || params.owner === '-')) out.owner = t('customers.noOwner');
  return out;
}

export function describeError(t: TFunction, error: unknown, fallback?: Partial<ErrorParams>): string {
  const { appCode, params } = appErrorOf(error);
  // The rate limiter says how long the wait is (retryAfter, seconds): say it too.
  if (appCode === 'RATE_LIMITED' && typeof params?.retryAfter === 'number' && params.retryAfter > 0) {
    return t('errorHints.rateLimitedRetry', { seconds: Math.ceil(params.retryAfter) });
  }
  return t(`errors.${appCode}`, { ...fallback, ...localiseParams(t, appCode, params) });
}

export function fieldMessage(t: TFunction, fe: Pick<FieldError, 'message' | 'params'>): string {
  const key = /^validation\.\w+$/.test(fe.message) ? fe.message : 'validation.invalid';
  return t(key, fe.params ?? {});
}

// Server paths look like "name", "patch.creditCode" or "province"; the forms edit the three
// region codes through one cascader named "region".
const REGION_PARTS = new Set(['province', 'city', 'district']);
function formPath(path: string): (string | number)[] {
  const parts = path.split('.').filter((p) => p !== 'patch');
  if (parts.length === 1 && REGION_PARTS.has(parts[0]!)) return ['region'];
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

// Puts server-side field errors next to their fields; values stay as the user typed them.
// Returns true when at least one field of the form received a message.
export function applyFieldErrors(form: FormInstance, t: TFunction, error: unknown): boolean {
  const { fieldErrors } = appErrorOf(error);
  if (!fieldErrors?.length) return false;
  const known = new Set(Object.keys(form.getFieldsValue() as object));
  const fields = fieldErrors
    .map((fe) => ({ name: formPath(fe.path), errors: [fieldMessage(t, fe)] }))
    .filter((f) => f.name.length > 0 && known.has(String(f.name[0])));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
