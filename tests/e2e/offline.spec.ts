import { expect, test } from '@playwright/test';
import { button, freshCreditCode, pickOption, quickSearch, signIn, tableRow, uniqueName } from './support/app';
import { setOffline } from './support/network';
import { colleague } from './support/server-api';

test.afterEach(async ({ page }) => {
  await setOffline(page, false);
});

// Offline-first: with the connection to the server gone, am1 keeps working on the cache; the
// edits wait as pending and reach the server when it is back.
test('am1 creates and edits customers while offline; they sync when the connection is back', async ({ page }) => {
  // Online-only parts of the pages (duplicate check, tags, owner history) fail and are retried
  // by the page while offline, which makes each step slower than online.
  test.setTimeout(120_000);
  const api = await colleague('am1');
  const existing = uniqueName('离线编辑测试');
  const created = uniqueName('离线新建测试');
  await api.customers.create.mutate({ name: existing, creditCode: freshCreditCode(), status: 'potential', tags: [] });

  await signIn(page, 'am1');
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'online');
  await setOffline(page, true);
  await expect(indicator).toHaveAttribute('data-state', 'offline');
  await expect(indicator).toContainText('离线');

  // A new customer, created offline.
  await page.getByTestId('side-nav').getByText('客户').click();
  await button(page, '新建客户').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户名称').fill(created);
  await button(form, '保存').click();
  await expect(page.getByTestId('customer-title')).toHaveText(created);

  // An existing one, edited offline.
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, existing);
  await tableRow(page, existing).click();
  await expect(page.getByTestId('customer-title')).toHaveText(existing);
  await button(page, '编辑').click();
  const edit = page.getByTestId('customer-form');
  await edit.getByLabel('客户级别').click();
  await pickOption(page, 'A类（重要）');
  await button(edit, '保存').click();
  await expect(page.getByTestId('customer-profile')).toContainText('A类（重要）');

  // Both in the list, and two changes waiting.
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, created);
  await expect(tableRow(page, created)).toHaveCount(1);
  await quickSearch(page, existing);
  await expect(tableRow(page, existing)).toContainText('A');
  await indicator.hover();
  await expect(page.getByRole('tooltip')).toContainText('2 项更改待上传');
  expect((await api.customers.list.query({ search: created })).total).toBe(0);

  // Back online: the indicator returns, nothing is left pending, the server has both.
  await setOffline(page, false);
  await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
  await indicator.hover();
  await expect(page.getByRole('tooltip')).toContainText('没有待上传的更改', { timeout: 30_000 });
  const onServer = await api.customers.list.query({ search: created });
  expect(onServer.items.map((c) => c.name)).toEqual([created]);
  const edited = (await api.customers.list.query({ search: existing })).items;
  expect(edited).toHaveLength(1);
  expect(edited[0]).toMatchObject({ name: existing, level: 'A' });
});
