import { expect, test } from '@playwright/test';
import { signIn } from './support/app';

// After sign-in the client core fills its offline cache in the background; the header says so.
test('the header shows the offline cache synced, with nothing pending and the last sync time', async ({ page }) => {
  await signIn(page, 'am1');
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'online');
  await expect(indicator).toContainText('已同步');
  await indicator.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('没有待上传的更改');
  await expect(tip).toContainText('上次同步：');
});
