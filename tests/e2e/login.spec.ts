import { expect, test } from '@playwright/test';
import { SERVER_URL, button, openApp, signOut } from './support/app';

test.beforeEach(async ({ page }) => {
  await openApp(page);
  if (await page.getByTestId('side-nav').isVisible()) await signOut(page);
});

test('a wrong password says so and keeps the username', async ({ page }) => {
  const form = page.getByTestId('login-form');
  await form.getByLabel('服务器地址').fill(SERVER_URL);
  await form.getByLabel('用户名').fill('am3');
  await form.getByLabel('密码', { exact: true }).fill('not-the-password');
  await button(form, '登录').click();
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码不正确');
  await expect(form.getByLabel('用户名')).toHaveValue('am3');
  await page.screenshot({ path: 'test-results/login-error.png' });
});

test('an unreachable server is named in the message', async ({ page }) => {
  const form = page.getByTestId('login-form');
  // Nothing listens on port 9 (discard) here.
  await form.getByLabel('服务器地址').fill('http://127.0.0.1:9');
  await form.getByLabel('用户名').fill('am1');
  await form.getByLabel('密码', { exact: true }).fill('demo1234');
  await button(form, '登录').click();
  await expect(page.getByTestId('login-error')).toContainText('无法连接服务器 http://127.0.0.1:9');
});
