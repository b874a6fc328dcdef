import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, SERVER_URL, button, openApp, signOut } from './support/app';

// What an administrator's password reset leaves behind (there is no admin screen for it yet):
// the user must choose a new password at the next sign-in.
function requirePasswordChange(username: string): void {
  const db = new Database(path.join(process.env.CRM_E2E_DATA_DIR!, 'crm.sqlite'));
  try {
    db.prepare('UPDATE users SET must_change_password = 1 WHERE username = ?').run(username);
  } finally {
    db.close();
  }
}

test('a user who must change their password does so before anything else', async ({ page }) => {
  requirePasswordChange('finance1');
  await openApp(page);
  if (await page.getByTestId('side-nav').isVisible()) await signOut(page);
  const login = page.getByTestId('login-form');
  await login.getByLabel('服务器地址').fill(SERVER_URL);
  await login.getByLabel('用户名').fill('finance1');
  await login.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await button(login, '登录').click();

  await expect(page.getByText('请修改初始密码')).toBeVisible();
  await expect(page.getByTestId('side-nav')).toHaveCount(0);

  await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('12345678');
  await page.getByLabel('确认新密码').fill('12345678');
  await button(page, '修改密码').click();
  await expect(page.getByText('新密码不符合要求：过于常见，容易被猜到')).toBeVisible();

  await page.getByLabel('新密码', { exact: true }).fill('春天的杭州西湖 2026');
  await page.getByLabel('确认新密码').fill('春天的杭州西湖 2026');
  await button(page, '修改密码').click();
  await expect(page.getByTestId('side-nav')).toBeVisible();
  await expect(page.getByTestId('side-nav')).toContainText('客户');
});
