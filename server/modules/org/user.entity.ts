import { v7 as uuidv7 } from 'uuid';
import { EntitySchema } from 'typeorm';
import { bool, idColumn, instant, int, json, refColumn, text } from '../../db/columns';

export interface User {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  departmentId: string | null;
  managerId: string | null;
  email: string | null;
  mobile: string | null;
  enabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  passwordChangedAt: string | null;
  lastLoginAt: string | null;
  // Two-factor sign-in (TOTP). The pending secret waits for its first code; the last step
  // is the newest 30 s step a code was accepted for, so that code cannot be used again.
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpEnabledAt: string | null;
  totpLastStep: number | null;
  // SHA-256 of the unused recovery codes.
  totpRecoveryCodes: string[] | null;
  createdAt: string;
  updatedAt: string;
}

// A complete users row for a new account: no lockout, no two-factor, not yet signed in; the
// caller says who it is and what differs (department, forced password change, ...).
export function newUser(fields: Pick<User, 'username' | 'displayName' | 'passwordHash'> & Partial<User>): User {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    departmentId: null,
    managerId: null,
    email: null,
    mobile: null,
    enabled: true,
    mustChangePassword: false,
    failedLogins: 0,
    lockedUntil: null,
    passwordChangedAt: null,
    lastLoginAt: null,
    totpSecret: null,
    totpPendingSecret: null,
    totpEnabledAt: null,
    totpLastStep: null,
    totpRecoveryCodes: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: idColumn(),
    username: text(50, false),
    displayName: text(100, false),
    passwordHash: text(200, false),
    departmentId: refColumn(),
    managerId: refColumn(),
    email: text(200),
    mobile: text(30),
    enabled: bool(true),
    mustChangePassword: bool(false),
    failedLogins: int(0),
    lockedUntil: instant(),
    passwordChangedAt: instant(),
    lastLoginAt: instant(),
    totpSecret: text(64),
    totpPendingSecret: text(64),
    totpEnabledAt: instant(),
    totpLastStep: { type: 'int', nullable: true },
    totpRecoveryCodes: json(true),
    createdAt: instant(false),
    updatedAt: instant(false),
  },
  uniques: [{ name: 'uq_users_username', columns: ['username'] }],
  indices: [{ name: 'idx_users_department', columns: ['departmentId'] }],
});

export interface UserRole {
  userId: string;
  roleId: string;
}

export const UserRoleEntity = new EntitySchema<UserRole>({
  name: 'UserRole',
  tableName: 'user_roles',
  columns: {
    userId: idColumn(),
    roleId: idColumn(),
  },
  indices: [{ name: 'idx_user_roles_role', columns: ['roleId'] }],
});
