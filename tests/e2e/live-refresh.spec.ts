import { expect, test } from '@playwright/test';
import { quickSearch, signIn, tableRow } from './support/app';
import { colleague } from './support/server-api';

// The team lead hands one of am3's customers to am1 from their own machine; am1's open list
// and notification bell update without a reload.
test('a transfer made elsewhere shows up in the open list and the bell without reloading', async ({ page }) => {
  const lead = await colleague('lead1');
  const users = await lead.org.users.query();
  const am1 = users.find((u) => u.username === 'am1')!;
  const am3 = users.find((u) => u.username === 'am3')!;
  const { items } = await lead.customers.list.query({ page: 1, pageSize: 1, ownerIds: [am3.id] });
  const customer = items[0]!;

  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, customer.name);
  await expect(page.getByTestId('customer-table')).toContainText('没有符合条件的客户');
  const bell = page.getByTestId('notifications');
  const badge = bell.locator('.ant-badge-count');
  const unreadBefore = (await badge.count()) ? Number(await badge.textContent()) : 0;

  await lead.customers.transfer.mutate({ ids: [customer.id], toUserId: am1.id, reason: '区域调整' });

  await expect(tableRow(page, customer.name)).toHaveCount(1);
  await expect(badge).toHaveText(String(unreadBefore + 1));
  await bell.click();
  await expect(page.getByTestId('notification-list')).toContainText(`李明 把 1 个客户转移给了您：${customer.name}`);
});
