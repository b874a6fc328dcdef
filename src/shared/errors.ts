// Error codes shared by server, client core and UI. The server puts one of these in
// every error it returns (`data.appCode`), the UI turns it into a localised sentence
// with the params; never show raw server text to users.
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION',
  'DUPLICATE_CUSTOMER',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'ADDRESS_LOCKED',
  'PASSWORD_POLICY',
  'PASSWORD_CHANGE_REQUIRED',
  'PASSWORD_WRONG',
  'POOL_LIMIT_REACHED',
  'NOT_IN_POOL',
  'NOT_OWNER',
  'VERSION_CONFLICT',
  'INVALID_PARENT',
  'USER_NOT_FOUND',
  'RATE_LIMITED',
  'SERVER_UNREACHABLE',
  'NOT_SIGNED_IN',
  'CACHE_LOCKED',
  'INTERNAL',
  'IMPORT_FILE_REJECTED',
  'IMPORT_NO_HEADER',
  'TWO_FACTOR_CHALLENGE',
  'TWO_FACTOR_CHALLENGE_EXPIRED',
  'TWO_FACTOR_CODE_INVALID',
  'TWO_FACTOR_CODE_USED',
  'TWO_FACTOR_ENROLLMENT_REQUIRED',
  'TWO_FACTOR_REQUIRED_BY_ROLE',
  'TWO_FACTOR_ALREADY_ENABLED',
  'LAST_ADMIN',
  'PAYLOAD_TOO_LARGE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

// Field-level problems: the path of the field ("contacts.0.mobile") and an i18n key.
export interface FieldError {
  path: string;
  message: string;
  params?: ErrorParams;
}

export interface AppErrorData {
  appCode: ErrorCode;
  params?: ErrorParams;
  fieldErrors?: FieldError[];
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
