import { expect, test } from '@playwright/test';
import { signIn } from './support/app';

test('the language switch changes the UI text and survives a reload', async ({ page }) => {
  await signIn(page, 'am1');
  const nav = page.getByTestId('side-nav');
  await expect(nav).toContainText('客户');

  await page.getByTestId('language-switch').hover();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(nav).toContainText('Customers');
  await expect(nav).toContainText('Public pool');
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  // Antd's own texts follow too (pagination "50 / page").
  await expect(page.getByTestId('customer-table')).toContainText('/ page');

  await page.reload();
  await expect(nav).toContainText('Customers');
  await expect(page.getByTestId('language-switch')).toContainText('English');

  await page.getByTestId('language-switch').hover();
  await page.getByRole('menuitem', { name: '简体中文' }).click();
  await expect(nav).toContainText('客户');
  await expect(nav).not.toContainText('Customers');
});
