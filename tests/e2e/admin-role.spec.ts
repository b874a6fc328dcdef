import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { expect, test, type Page } from '@playwright/test';
import type { ServerRouter } from '../../server/router';
import { SERVER_URL, button, pickOption, signIn, signOut, tableRow, uniqueName } from './support/app';

const server = (token?: string) =>
  createTRPCClient<ServerRouter>({ links: [httpBatchLink({ url: `${SERVER_URL}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })] });

async function openAdmin(page: Page, item: string): Promise<void> {
  const nav = page.getByTestId('side-nav');
  if (!(await nav.getByText(item).isVisible())) await nav.getByText('系统管理').click();
  await nav.getByText(item).click();
}

test('an administrator creates a role with masked mobiles and own-only scope; the new user sees exactly that', async ({ page }) => {
  const roleName = `只看自己${Date.now().toString(36)}`;
  const username = `e2e${Date.now().toString(36)}`;
  await signIn(page, 'admin');

  // The role: work on own customers and their contacts, mobiles masked (revealable one at a time, audited).
  await openAdmin(page, '角色与权限');
  await button(page, '新建角色').click();
  const editor = page.getByTestId('role-editor');
  await editor.getByTestId('role-name').fill(roleName);
  for (const p of ['customers.view', 'customers.create', 'contacts.view', 'contacts.create', 'contacts.reveal']) await editor.getByTestId(`perm-${p}`).check();
  await expect(editor.getByTestId('scope-customers')).toContainText('本人');
  await editor.getByTestId('field-contacts.mobile').click();
  await pickOption(page, '脱敏');
  await editor.getByTestId('role-save').click();
  await expect(page.getByTestId(`role-${roleName}`)).toBeVisible();

  // The user, with a one-time password shown once.
  await openAdmin(page, '用户');
  await button(page, '新建用户').click();
  const form = page.getByTestId('user-form');
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('姓名').fill('测试新人');
  await form.getByTestId('user-roles').click();
  await pickOption(page, roleName);
  await page.locator('.ant-modal-title').click(); // closes the role list, as a person would
  await button(page.locator('.ant-modal'), '保存').click();
  const oneTime = (await page.getByTestId('one-time-password').innerText()).trim();
  expect(oneTime).toMatch(/^[A-Za-z0-9]{16}$/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('users-table')).toContainText(username);
  await signOut(page);

  // First sign-in: the password must be changed before anything else.
  const login = page.getByTestId('login-form');
  await login.getByLabel('服务器地址').fill(SERVER_URL);
  await login.getByLabel('用户名').fill(username);
  await login.getByLabel('密码', { exact: true }).fill(oneTime);
  await button(login, '登录').click();
  const newPassword = '夏天的苏州园林 2026';
  await page.getByLabel('当前密码').fill(oneTime);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('确认新密码').fill(newPassword);
  await button(page, '修改密码').click();
  await expect(page.getByTestId('side-nav')).toBeVisible();
  // No administration, no pool for this role.
  await expect(page.getByTestId('side-nav')).not.toContainText('系统管理');
  await expect(page.getByTestId('side-nav')).not.toContainText('公海');

  // The user's own customer with a contact, made over the API; the demo company's many others stay out of sight.
  const { token } = await server().auth.login.mutate({ username, password: newPassword });
  const api = server(token);
  const name = uniqueName('自有客户');
  const customer = await api.customers.create.mutate({ name });
  await api.contacts.create.mutate({ customerId: customer.id, name: '王小二', mobile: '13912345678' });

  await page.getByTestId('side-nav').getByText('客户').click();
  await expect(tableRow(page, name)).toBeVisible();
  await expect(page.getByTestId('customer-table').locator('.ant-table-row')).toHaveCount(1);
  await tableRow(page, name).getByText(name).click();
  await page.getByRole('tab', { name: /联系人/ }).click();
  const contacts = page.getByTestId('contacts-table');
  await expect(contacts).toContainText('139****5678');
  await expect(contacts).not.toContainText('13912345678');

  // Revealing one mobile is explicit (and audited on the server).
  await contacts.getByTestId('reveal-mobile').click();
  await expect(contacts.getByTestId('revealed-mobile')).toHaveText('13912345678');
});
