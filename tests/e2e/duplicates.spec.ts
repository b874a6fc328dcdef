import { expect, test } from '@playwright/test';
import { button, signIn } from './support/app';
import { colleague } from './support/server-api';

// Typing a name that already exists warns at once; saving anyway is refused by the server
// with the reason, and the form keeps what was typed.
test('a duplicate name is flagged while typing and refused on save', async ({ page }) => {
  const am2 = await colleague('am2');
  const theirs = (await am2.customers.list.query({ page: 1, pageSize: 1, sort: 'name', order: 'asc' })).items[0]!;

  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await button(page, '新建客户').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户名称').fill(theirs.name);
  await form.getByLabel('电话').fill('021-61234567');

  // Another team's customer: am1 learns that it exists, not whose it is or its full name.
  const warning = page.getByTestId('duplicate-warning');
  await expect(warning).toContainText('可能重复的客户');
  await expect(warning).toContainText('相同客户名称');
  await expect(warning).toContainText('（您无权查看）');
  await expect(warning).not.toContainText(theirs.name);
  await page.screenshot({ path: 'test-results/duplicate-warning.png' });

  await button(form, '保存').click();
  await expect(page.getByTestId('form-error')).toContainText('已存在相同客户名称的客户');
  await expect(form.getByLabel('客户名称')).toHaveValue(theirs.name);
  await expect(form.getByLabel('电话')).toHaveValue('021-61234567');
});
