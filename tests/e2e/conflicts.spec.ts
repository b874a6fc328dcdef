import { expect, test } from '@playwright/test';
import { button, freshCreditCode, quickSearch, signIn, tableRow, uniqueName } from './support/app';
import { setOffline } from './support/network';
import { colleague } from './support/server-api';

// Each test goes offline and back: the engine's reconnect and a full round fit in twice the usual budget.
test.describe.configure({ timeout: 120_000 });

test.afterEach(async ({ page }) => {
  await setOffline(page, false);
});

// am1 changes a phone number while offline; meanwhile the team lead changes the same number on
// the server. Back online, the header says there is a conflict, the review shows both numbers,
// and am1 choosing their own puts it on the server.
test('an offline edit that collides with a colleague is reviewed and resolved with my value', async ({ page }) => {
  const name = uniqueName('杭州冲突测试');
  const am1Api = await colleague('am1');
  const lead1 = await colleague('lead1');
  const original = `139${String(Date.now()).slice(-8)}`;
  const customer = await am1Api.customers.create.mutate({ name, creditCode: freshCreditCode(), phone: original, status: 'potential', tags: [] });

  await signIn(page, 'am1');
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, name);
  await tableRow(page, name).click();
  await expect(page.getByTestId('customer-title')).toHaveText(name);

  await setOffline(page, true);
  await expect(indicator).toHaveAttribute('data-state', 'offline');
  const mine = `1380000${String(Date.now()).slice(-4)}`;
  await button(page, '编辑').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('电话').fill(mine);
  await button(form, '保存').click();
  // Offline, the form leaves only once the server-only lookups it refreshes (tags, duplicate
  // check) have given up retrying.
  await expect(page.getByTestId('customer-profile')).toContainText(mine, { timeout: 40_000 });

  const theirs = `1370000${String(Date.now()).slice(-4)}`;
  await lead1.customers.update.mutate({ id: customer.id, patch: { phone: theirs } });

  await setOffline(page, false);
  const badge = page.getByTestId('sync-review-badge');
  await expect(badge).toContainText('1', { timeout: 30_000 });
  await indicator.hover();
  await expect(page.getByRole('tooltip')).toContainText('1 项冲突待处理');

  await indicator.click();
  const conflict = page.getByTestId('sync-conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText(name);
  await expect(conflict).toContainText('电话');
  await expect(conflict.getByTestId('conflict-mine')).toHaveText(mine);
  await expect(conflict.getByTestId('conflict-theirs')).toHaveText(theirs);

  await button(conflict, '使用我的值').click();
  await expect(conflict).toHaveCount(0);
  await expect(badge).toHaveCount(0);
  await expect.poll(async () => (await lead1.customers.get.query({ id: customer.id })).phone, { timeout: 30_000 }).toBe(mine);
});

// am1 edits a customer offline that the team lead meanwhile hands to am3: back online the
// server refuses the edit, the customer leaves am1's list, and the review keeps what am1 typed
// with the reason until am1 lets it go.
test('an offline edit the server refuses is listed with its reason and can be discarded', async ({ page }) => {
  const name = uniqueName('宁波拒绝测试');
  const am1Api = await colleague('am1');
  const lead1 = await colleague('lead1');
  const customer = await am1Api.customers.create.mutate({ name, creditCode: freshCreditCode(), status: 'potential', tags: [] });
  const am3 = (await lead1.org.users.query()).find((u) => u.username === 'am3')!;

  await signIn(page, 'am1');
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 30_000 });
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, name);
  await tableRow(page, name).click();
  await expect(page.getByTestId('customer-title')).toHaveText(name);

  await setOffline(page, true);
  await expect(indicator).toHaveAttribute('data-state', 'offline');
  await button(page, '编辑').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('备注').fill('离线时写下的拜访计划');
  await button(form, '保存').click();
  await expect(page.getByTestId('customer-profile')).toContainText('离线时写下的拜访计划', { timeout: 40_000 });

  await lead1.customers.transfer.mutate({ ids: [customer.id], toUserId: am3.id });
  await setOffline(page, false);
  const badge = page.getByTestId('sync-review-badge');
  await expect(badge).toContainText('1', { timeout: 30_000 });

  await indicator.click();
  await page.getByRole('tab', { name: /被拒绝的更改/ }).click();
  const refused = page.getByTestId('sync-rejected');
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText(name);
  await expect(refused.getByTestId('rejected-reason')).toHaveText('记录不存在或已被删除');
  await expect(refused).toContainText('离线时写下的拜访计划');
  // The customer is no longer am1's: there is no form to go back to.
  await expect(button(refused, '重新编辑')).toBeDisabled();

  await button(refused, '放弃').click();
  await button(page.getByRole('tooltip'), '确定').click();
  await expect(refused).toHaveCount(0);
  await expect(badge).toHaveCount(0);
  expect((await lead1.customers.get.query({ id: customer.id })).remarks).toBeNull();
});
