import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { expect, test, type Page } from '@playwright/test';
import { generateSync } from 'otplib';
import type { ServerRouter } from '../../server/router';
import { SERVER_URL, button, signIn, signOut } from './support/app';
import { colleague } from './support/server-api';

// What the authenticator app on the user's phone would show, `steps` 30 s steps from now.
const appCode = (secret: string, steps = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function openAdmin(page: Page, item: string): Promise<void> {
  const nav = page.getByTestId('side-nav');
  if (!(await nav.getByText(item).isVisible())) await nav.getByText('系统管理').click();
  await nav.getByText(item).click();
}

async function passwordStep(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.getByLabel('服务器地址').fill(SERVER_URL);
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码', { exact: true }).fill(password);
  await button(form, '登录').click();
}

test('an administrator requires two-factor for a role; its member sets it up at sign-in and then signs in with a code', async ({ page }) => {
  // Three sign-ins and two users: longer than most specs.
  test.slow();
  const stamp = Date.now().toString(36);
  const username = `tfa${stamp}`;
  const password = '西湖边的两步验证 2026';

  // The administrator copies a role and switches on "require two-factor" in the role editor.
  await signIn(page, 'admin');
  await openAdmin(page, '角色与权限');
  await page.getByTestId('role-客户经理').getByRole('button', { name: /copy/ }).click();
  const editor = page.getByTestId('role-editor');
  await expect(editor.getByTestId('role-name')).toHaveValue('客户经理（副本）');
  const roleName = `需两步验证${stamp}`;
  await editor.getByTestId('role-name').fill(roleName);
  await editor.getByTestId('role-save').click();
  await expect(page.getByTestId(`role-${roleName}`)).toBeVisible();
  await editor.getByTestId('role-require-2fa').click();
  await expect(editor.getByTestId('role-require-2fa')).toBeChecked();

  // A member of that role (created over the API: user administration has its own spec), who
  // already chose a password.
  const admin = await colleague('admin');
  const role = (await admin.admin.roles.list.query()).find((r) => r.name === roleName)!;
  expect(role.requireTwoFactor).toBe(true);
  const created = await admin.admin.users.create.mutate({ username, displayName: '两步验证测试', departmentId: null, managerId: null, roleIds: [role.id] });
  const anonymous = createTRPCClient<ServerRouter>({ links: [httpBatchLink({ url: `${SERVER_URL}/trpc` })] });
  const first = await anonymous.auth.login.mutate({ username, password: created.password });
  await createTRPCClient<ServerRouter>({
    links: [httpBatchLink({ url: `${SERVER_URL}/trpc`, headers: { authorization: `Bearer ${first.token}` } })],
  }).auth.changePassword.mutate({ currentPassword: created.password, newPassword: password });
  await signOut(page);

  // After the password, the role's requirement: set up the authenticator before anything else.
  await passwordStep(page, username, password);
  await expect(page.getByText('请设置两步验证')).toBeVisible();
  await expect(page.getByTestId('side-nav')).toHaveCount(0);
  await page.getByTestId('two-factor-setup').click();
  // The user types the key shown under the QR code into the app.
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByTestId('totp-confirm-code').fill(appCode(secret));
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  await page.getByTestId('recovery-saved').click();
  await expect(page.getByTestId('side-nav')).toBeVisible();
  await signOut(page);

  // Next time: password, then a code from the app.
  await passwordStep(page, username, password);
  const codeForm = page.getByTestId('two-factor-form');
  await expect(codeForm).toBeVisible();
  await expect(page.getByTestId('side-nav')).toHaveCount(0);
  // A wrong code is refused with a clear message and the user can try again.
  const next = appCode(secret, 1);
  await page.getByTestId('two-factor-code').fill(next === '000000' ? '111111' : '000000');
  await button(codeForm, '验证并登录').click();
  await expect(page.getByTestId('two-factor-error')).toContainText('验证码不正确');
  // The step after the one used to set up: a code the server has not seen yet.
  await page.getByTestId('two-factor-code').fill(next);
  await button(codeForm, '验证并登录').click();
  await expect(page.getByTestId('side-nav')).toBeVisible();

  // My profile says it is on, required by the role, and cannot be turned off.
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: /个人资料/ }).click();
  const card = page.getByTestId('two-factor-card');
  await expect(card.getByTestId('two-factor-on')).toBeVisible();
  await expect(card).toContainText('剩余恢复码：10 个');
  await expect(card).toContainText('您的角色要求两步验证');
  await expect(card.getByTestId('two-factor-disable')).toHaveCount(0);
  await signOut(page);
});
