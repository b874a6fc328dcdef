import { expect, test } from '@playwright/test';
import { button, freshCreditCode, pickOption, quickSearch, signIn, tableRow, uniqueName } from './support/app';
import { colleague } from './support/server-api';

test('am1 edits a customer, deletes it to the recycle bin and restores it', async ({ page }) => {
  const name = uniqueName('苏州编辑测试');
  const api = await colleague('am1');
  await api.customers.create.mutate({ name, creditCode: freshCreditCode(), status: 'potential', tags: [] });

  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, name);
  await tableRow(page, name).click();
  await expect(page.getByTestId('customer-title')).toHaveText(name);

  // Edit: level and a new tag.
  await button(page, '编辑').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户级别').click();
  await pickOption(page, 'A类（重要）');
  await form.getByLabel('标签').fill('重点跟进');
  await form.getByLabel('标签').press('Enter');
  await button(form, '保存').click();
  const profile = page.getByTestId('customer-profile');
  await expect(profile).toContainText('A类（重要）');
  await expect(profile).toContainText('重点跟进');

  // Delete, then find it in the recycle bin and restore it.
  await page.getByRole('button', { name: /操作|more/ }).click();
  await page.getByRole('menuitem', { name: /删除/ }).click();
  await button(page.getByRole('dialog'), '确定').click();
  await expect(page.getByText('已删除 1 个客户')).toBeVisible();
  await quickSearch(page, name);
  await expect(page.getByTestId('customer-table')).toContainText('没有符合条件的客户');

  await page.getByTestId('side-nav').getByText('回收站').click();
  await quickSearch(page, name);
  const binRow = tableRow(page, name);
  await expect(binRow).toHaveCount(1);
  await button(binRow, '恢复').click();
  await expect(page.getByText('已恢复 1 个客户')).toBeVisible();
  await expect(binRow).toHaveCount(0);

  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, name);
  await expect(tableRow(page, name)).toHaveCount(1);
});
