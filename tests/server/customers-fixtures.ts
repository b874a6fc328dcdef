import { TRPCClientError } from '@trpc/client';
import { creditCodeCheckChar } from '../../src/shared/domain/credit-code';
import type { CustomerFieldsInput } from '../../src/shared/domain/customer.schema';
import type { AppErrorData } from '../../src/shared/errors';
import { v7 as uuidv7 } from 'uuid';
import { normalizePermissions, type RoleGrant } from '../../src/shared/permissions/roles';
import { hashPassword } from '../../server/modules/auth/password';
import { DEMO_PASSWORD, type DemoDeptKey } from '../../server/modules/demo/demo-org';
import { RoleEntity } from '../../server/modules/org/role.entity';
import { newUser, UserEntity, UserRoleEntity } from '../../server/modules/org/user.entity';
import type { ServerClient, TestServer } from '../support/test-server';

// Shared by the customer-archive suites: valid data that cannot collide between tests (the
// duplicate check would otherwise refuse a second "测试客户").
export const VALID_CREDIT_CODE = '91350100M000100Y43';

let n = 0;
const run = (Date.now() % 1_000_000).toString().padStart(6, '0');

export function uniqueName(prefix = '测试客户'): string {
  return `${prefix}${run}-${++n}有限公司`;
}

// A valid 统一社会信用代码 with a unique body, check character computed.
export function uniqueCreditCode(): string {
  const body = `91310000${run}${String(++n).padStart(3, '0')}`;
  return body + creditCodeCheckChar(body)!;
}

// A unique mobile number, 139 + 8 digits.
export function uniqueMobile(): string {
  return `139${run.slice(-4)}${String(++n).padStart(4, '0')}`;
}

export async function createCustomer(
  client: ServerClient,
  fields: Partial<CustomerFieldsInput> & { ownerId?: string | null; id?: string } = {},
) {
  return client.customers.create.mutate({ name: uniqueName(), ...fields });
}

// The error a call failed with, as the client sees it (appCode, params, fieldErrors).
export async function errorOf(p: Promise<unknown>): Promise<AppErrorData> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) return e.data as AppErrorData;
    throw e;
  }
  throw new Error('expected the call to fail, it succeeded');
}

// A user with a role of its own (custom roles are ordinary rows), signed in.
export async function userWithRole(
  ts: TestServer,
  spec: { username: string; dept: DemoDeptKey; grant: RoleGrant },
): Promise<{ client: ServerClient; id: string }> {
  const now = new Date().toISOString();
  const roleId = uuidv7();
  await ts.server.db.getRepository(RoleEntity).insert({
    id: roleId,
    code: `custom_${spec.username}`,
    name: spec.username,
    description: null,
    builtIn: false,
    permissions: normalizePermissions(spec.grant.permissions),
    dataScopes: spec.grant.dataScopes,
    fieldRules: spec.grant.fieldRules,
    createdAt: now,
    updatedAt: now,
  });
  const id = uuidv7();
  await ts.server.db.getRepository(UserEntity).insert(
    newUser({ id, username: spec.username, displayName: spec.username, passwordHash: await hashPassword(DEMO_PASSWORD), departmentId: ts.org.departments[spec.dept].id, passwordChangedAt: now }),
  );
  await ts.server.db.getRepository(UserRoleEntity).insert({ userId: id, roleId });
  return { client: await ts.as(spec.username), id };
}
