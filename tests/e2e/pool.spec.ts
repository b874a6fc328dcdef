import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import * as XLSX from 'xlsx';
import { button, quickSearch, signIn, tableRow, uniqueName } from './support/app';
import { colleague } from './support/server-api';

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

test('am1 exports the public pool as filtered on screen and reads the file back', async ({ page }) => {
  // A colleague from another team gives a customer up; the pool shows it to everyone.
  const name = uniqueName('公海导出');
  const am2 = await colleague('am2');
  const c = await am2.customers.create.mutate({ name, level: 'B', phone: '021-55667788', tags: ['展会'] });
  await am2.pool.release.mutate({ ids: [c.id], reason: '无意向' });

  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('公海').click();
  // The customer list had a search box too: wait for the pool's page before typing.
  await expect(page.getByTestId('export-pool')).toBeVisible();
  await quickSearch(page, name);
  await expect(tableRow(page, name)).toHaveCount(1);
  await expect(page.getByTestId('customer-table').locator('.ant-table-row')).toHaveCount(1);

  const download = page.waitForEvent('download', { timeout: 15_000 });
  await page.getByTestId('export-pool').click();
  await page.getByRole('menuitem', { name: '导出为 Excel（.xlsx）' }).click();
  const d = await download;
  expect(await d.failure()).toBeNull();
  expect(d.suggestedFilename()).toMatch(/^公海客户-.*\.xlsx$/);
  const saved = path.join(os.tmpdir(), `crm-e2e-pool-export-${Date.now()}.xlsx`);
  await d.saveAs(saved);
  try {
    const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(fs.readFileSync(saved)).Sheets['公海客户']!);
    // The search on screen went along: only the customer found.
    expect(rows.map((r) => r['客户名称'])).toEqual([name]);
    expect(rows[0]).toMatchObject({ 客户级别: 'B类（普通）', 电话: '021-55667788', 标签: '展会' });
    expect(rows[0]!['负责人']).toBeUndefined();
    expect(rows[0]!['进入公海时间']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  } finally {
    fs.rmSync(saved, { force: true });
  }
});
