import { expect, test } from '@playwright/test';
import { button, quickSearch, signIn, tableRow } from './support/app';

test('am1 claims a customer from the public pool and then finds it among their own', async ({ page }) => {
  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('公海').click();
  const firstRow = page.getByTestId('customer-table').locator('.ant-table-row').first();
  await expect(firstRow).toBeVisible();
  const name = (await firstRow.locator('.ant-typography').first().innerText()).trim();
  expect(name.length).toBeGreaterThan(1);

  await button(firstRow, '领取').click();
  await expect(page.getByText('已领取 1 个客户')).toBeVisible();
  // It has left the pool.
  await quickSearch(page, name);
  await expect(tableRow(page, name)).toHaveCount(0);

  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, name);
  const row = tableRow(page, name);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('张伟');
});
