import { z } from 'zod';
import { DATA_SCOPES, FIELD_VISIBILITIES, SCOPED_MODULES, SENSITIVE_FIELDS, ALL_PERMISSIONS, type Permission } from '../permissions/catalog';
import { usernameSchema } from './auth.schema';
import { idSchema, optionalText, requiredText } from './common.schema';

// Inputs of the administration procedures (admin.*), shared by server and client.

export const adminUserListInput = z.object({
  departmentId: idSchema.optional(),
  enabled: z.boolean().optional(),
  search: z.string().trim().max(100).optional(),
});

const userFields = {
  displayName: requiredText(100),
  departmentId: idSchema.nullable(),
  managerId: idSchema.nullable(),
  email: optionalText(200),
  mobile: optionalText(30),
  roleIds: z.array(idSchema).max(50),
};

export const adminUserCreateInput = z.object({
  id: idSchema.optional(),
  username: usernameSchema,
  ...userFields,
  managerId: idSchema.nullable().default(null),
  email: optionalText(200),
  mobile: optionalText(30),
});

// Patch without defaults: only the fields given change.
export const adminUserUpdateInput = z.object({
  id: idSchema,
  patch: z.object(userFields).partial(),
});

export const handOverInput = z.object({ fromUserId: idSchema, toUserId: idSchema });

export const departmentCreateInput = z.object({ id: idSchema.optional(), name: requiredText(100), parentId: idSchema });
export const departmentRenameInput = z.object({ id: idSchema, name: requiredText(100) });
export const departmentMoveInput = z.object({ id: idSchema, parentId: idSchema });
export const departmentEnableInput = z.object({ id: idSchema, enabled: z.boolean() });

const permissionSchema = z.string().refine((p): p is Permission => (ALL_PERMISSIONS as string[]).includes(p), { message: 'validation.enum' });

export const roleGrantSchema = z.object({
  permissions: z.array(permissionSchema).max(ALL_PERMISSIONS.length * 2),
  dataScopes: z.partialRecord(z.enum(SCOPED_MODULES), z.enum(DATA_SCOPES)),
  fieldRules: z.partialRecord(z.enum(SENSITIVE_FIELDS), z.enum(FIELD_VISIBILITIES)),
});

export const roleCreateInput = z.object({
  id: idSchema.optional(),
  name: requiredText(100),
  description: optionalText(500),
  grant: roleGrantSchema,
});
export const roleUpdateInput = z.object({
  id: idSchema,
  name: requiredText(100).optional(),
  description: optionalText(500).optional(),
  grant: roleGrantSchema.optional(),
});
export const roleCopyInput = z.object({ id: idSchema, name: requiredText(100) });
// Allowed on built-in roles too: it is a sign-in policy, not part of the grant.
export const roleTwoFactorInput = z.object({ id: idSchema, required: z.boolean() });

export interface AdminUserDto {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  managerId: string | null;
  managerName: string | null;
  email: string | null;
  mobile: string | null;
  enabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  twoFactorEnabled: boolean;
  roleIds: string[];
  lastLoginAt: string | null;
  createdAt: string;
}

export interface AdminRoleDto {
  id: string;
  code: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  permissions: Permission[];
  dataScopes: z.output<typeof roleGrantSchema>['dataScopes'];
  fieldRules: z.output<typeof roleGrantSchema>['fieldRules'];
  requireTwoFactor: boolean;
  userCount: number;
}

export const sessionListInput = z.object({ userId: idSchema });
export const sessionRevokeInput = z.object({ id: idSchema });

export interface SessionDto {
  id: string;
  userId: string;
  device: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

export const auditListInput = z.object({
  userId: idSchema.optional(),
  action: z.string().trim().max(50).optional(),
  entity: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(36).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export interface AuditEntryDto {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

// Revealing one masked field of a customer or contact.
export const revealInput = z.object({ id: idSchema, field: z.string().max(30) });
