import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import * as XLSX from 'xlsx';
import { button, pickOption, signIn, uniqueName } from './support/app';
import { colleague } from './support/server-api';

const sheet = (rows: (string | null)[][]) => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '联系人');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
};

const upload = (page: Page, name: string, buffer: Buffer) =>
  page.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });

// Contacts come in through the same wizard: the user maps a column the import does not know,
// saves the mapping, and next month's file with the same headers is mapped by itself.
test('imports contacts with a saved mapping template', async ({ page }) => {
  // Two files through the whole wizard, each read by the server three times.
  test.slow();
  const am1 = await colleague('am1');
  const customer = await am1.customers.create.mutate({ name: uniqueName('联系人导入') });
  const suffix = String(Date.now()).slice(-7);
  const [m1, m2] = [`1371${suffix}`, `1381${suffix}`];
  const headers = ['客户名称', '姓名', '号码', '内部编号'];

  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await button(page, '导入').click();
  await page.getByTestId('import-entity').getByText('联系人').click();
  await expect(page.getByRole('heading', { name: '导入联系人' })).toBeVisible();
  await upload(page, '一月联系人.xlsx', sheet([headers, [customer.name, '一月联系人', m1, 'X-1'], ['查无此客户有限公司', '无主', null, 'X-2']]));
  await expect(page.getByText('表头在第 1 行，共 2 行数据')).toBeVisible();

  // 号码 is not a header the import knows: map it to 手机 by hand, then keep the mapping.
  await page.getByTestId('map-2').click();
  await pickOption(page, '手机');
  await expect(page.getByTestId('map-2')).toContainText('手机');
  await page.getByTestId('template-name').fill('月度联系人');
  await page.getByTestId('template-save').click();
  await expect(page.getByText('映射模板已保存')).toBeVisible();
  await expect(page.getByTestId('mapping-templates')).toContainText('月度联系人');

  await page.getByTestId('import-dry-run').click();
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('新建1');
  await expect(counts).toContainText('有错误1');
  await expect(page.getByText('找不到客户“查无此客户有限公司”')).toBeVisible();
  await page.getByTestId('import-commit').click();
  await expect(page.getByText('导入完成')).toBeVisible();

  // February's file has the same headers: the saved mapping applies without any clicks.
  await button(page, '继续导入').click();
  await upload(page, '二月联系人.xlsx', sheet([headers, [customer.name, '二月联系人', m2, 'X-3']]));
  await expect(page.getByText('已自动套用映射模板“月度联系人”').first()).toBeVisible();
  await page.getByTestId('import-dry-run').click();
  await expect(page.getByTestId('import-counts')).toContainText('新建1');
  await page.getByTestId('import-commit').click();
  await expect(page.getByText('导入完成')).toBeVisible();

  const contacts = await am1.contacts.list.query({ customerId: customer.id, page: 1, pageSize: 10 });
  expect(contacts.items.map((c) => [c.name, c.mobile]).sort()).toEqual([
    ['一月联系人', m1],
    ['二月联系人', m2],
  ]);
  const templates = await am1.imports.templates.query({ entity: 'contacts' });
  expect(templates.find((t) => t.name === '月度联系人')?.columns).toContainEqual({ header: '号码', field: 'contact.mobile' });

  // The customer's contacts list exports what it shows.
  await button(page, '返回客户列表').click();
  await page.getByPlaceholder('搜索名称、电话、信用代码').fill(customer.name);
  await page.keyboard.press('Enter');
  await page.getByText(customer.name, { exact: true }).click();
  await page.getByRole('tab', { name: /联系人/ }).click();
  const download = page.waitForEvent('download', { timeout: 20_000 });
  await page.getByTestId('export-contacts').click();
  await page.getByRole('menuitem', { name: '导出为 Excel（.xlsx）' }).click();
  const saved = path.join(os.tmpdir(), `crm-e2e-contacts-${Date.now()}.xlsx`);
  await (await download).saveAs(saved);
  const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(fs.readFileSync(saved)).Sheets['联系人']!);
  fs.rmSync(saved, { force: true });
  expect(rows.map((r) => [r['客户名称'], r['联系人'], r['手机']]).sort()).toEqual([
    [customer.name, '一月联系人', m1],
    [customer.name, '二月联系人', m2],
  ]);
});
