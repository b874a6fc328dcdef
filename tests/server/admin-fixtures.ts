import { clientFor, type ServerClient, type TestServer } from '../support/test-server';

export const NEW_PASSWORD = 'a long new passphrase';

// Creates a user through admin.users.create (as `admin`), signs in with the one-time password
// and does the forced change: the client answers as that user.
export async function newUser(
  ts: TestServer,
  username: string,
  opts: { roleIds?: string[]; departmentId?: string | null } = {},
): Promise<{ id: string; client: ServerClient; token: string }> {
  const admin = await ts.as('admin');
  const { user, password } = await admin.admin.users.create.mutate({
    username,
    displayName: username,
    departmentId: opts.departmentId === undefined ? ts.org.departments.root.id : opts.departmentId,
    managerId: null,
    roleIds: opts.roleIds ?? [],
  });
  const { token } = await clientFor(ts.url).auth.login.mutate({ username, password });
  await clientFor(ts.url, token).auth.changePassword.mutate({ currentPassword: password, newPassword: NEW_PASSWORD });
  return { id: user.id, client: clientFor(ts.url, token), token };
}

export async function roleId(ts: TestServer, code: string): Promise<string> {
  const roles = await (await ts.as('admin')).admin.roles.list.query();
  return roles.find((r) => r.code === code)!.id;
}
