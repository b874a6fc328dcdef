import { EntitySchema } from 'typeorm';
import type { RoleGrant } from '../../../src/shared/permissions/roles';
import { bool, idColumn, instant, json, longText, text } from '../../db/columns';

export interface Role {
  id: string;
  code: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  permissions: RoleGrant['permissions'];
  dataScopes: RoleGrant['dataScopes'];
  fieldRules: RoleGrant['fieldRules'];
  // Members must sign in with a second factor (TOTP). A security policy, not part of the grant:
  // it may be set on built-in roles too.
  requireTwoFactor: boolean;
  createdAt: string;
  updatedAt: string;
}

export const RoleEntity = new EntitySchema<Role>({
  name: 'Role',
  tableName: 'roles',
  columns: {
    id: idColumn(),
    code: text(50, false),
    name: text(100, false),
    description: longText(),
    builtIn: bool(false),
    permissions: json(),
    dataScopes: json(),
    fieldRules: json(),
    requireTwoFactor: bool(false),
    createdAt: instant(false),
    updatedAt: instant(false),
  },
  uniques: [{ name: 'uq_roles_code', columns: ['code'] }],
});
