import { z } from 'zod';
import type { DataScope, FieldVisibility, Permission, ScopedModule, SensitiveField } from '../permissions/catalog';

export const usernameSchema = z
  .string()
  .trim()
  .min(2, { message: 'validation.tooShort' })
  .max(50, { message: 'validation.tooLong' })
  .regex(/^[A-Za-z0-9_.@-]+$/, { message: 'validation.username' });

export const loginInput = z.object({
  username: z.string().trim().min(1, { message: 'validation.required' }).max(100),
  password: z.string().min(1, { message: 'validation.required' }).max(256),
  device: z.string().max(200).optional(),
});

// OWASP ASVS 5 §6.2: length over composition; long passphrases allowed; no forced character classes.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, { message: 'validation.required' }).max(256),
  newPassword: z.string().max(PASSWORD_MAX_LENGTH, { message: 'validation.tooLong' }),
});

export interface PasswordPolicy {
  minLength: number;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'sameAsUsername' | 'common';

const COMMON = new Set([
  '12345678', '123456789', '1234567890', 'password', 'password1', 'qwertyui', '11111111', '88888888', '66666666',
  'iloveyou', 'admin123', 'admin1234', 'abc12345', 'a1234567', 'qwerty123', '1qaz2wsx', 'woaini1314', '123123123',
  'changeme', 'P@ssw0rd', 'passw0rd', '00000000', '12341234', '147258369', 'zxcvbnm123',
]);

export function checkPassword(password: string, username: string, policy: PasswordPolicy): PasswordProblem | null {
  const len = [...password].length;
  if (len < policy.minLength) return 'tooShort';
  if (len > PASSWORD_MAX_LENGTH) return 'tooLong';
  if (password.toLowerCase() === username.toLowerCase()) return 'sameAsUsername';
  if (COMMON.has(password) || COMMON.has(password.toLowerCase())) return 'common';
  return null;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  roles: { code: string; name: string }[];
  permissions: Permission[];
  dataScopes: Partial<Record<ScopedModule, DataScope>>;
  fieldRules: Partial<Record<SensitiveField, FieldVisibility>>;
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  // A role requires two-factor sign-in and the user has not set it up: until they do, only
  // the auth procedures answer (like the first-login password change).
  mustEnrollTwoFactor: boolean;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: SessionUser;
}
