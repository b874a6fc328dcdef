import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import * as XLSX from 'xlsx';
import { button, signIn, uniqueName } from './support/app';
import { colleague } from './support/server-api';

// A hand-made sheet goes through the wizard: columns recognised, dry run counts and errors,
// import, and the new customers are in the list and in an export of it.
test('imports a sheet through the wizard and exports the list', async ({ page }) => {
  const [a, b] = [uniqueName('导入甲'), uniqueName('导入乙')];
  const mobile = `139${String(Date.now()).slice(-8)}`;
  const ws = XLSX.utils.aoa_to_sheet([['客户名单'], ['公司名称', '客户等级', '联系人', '手机号码'], [a, 'A类', '张三', `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`], [b, 'B', '李四', '12345'], [`${a} `, null, null, null]]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '客户');
  const file = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;

  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await button(page, '导入').click();
  await page.locator('input[type=file]').setInputFiles({ name: '客户名单.xlsx', mimeType: 'application/octet-stream', buffer: file });
  await expect(page.getByText('表头在第 2 行，共 3 行数据')).toBeVisible();
  await button(page, '试导入').click();
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('新建1');
  await expect(counts).toContainText('跳过1');
  await expect(counts).toContainText('有错误1');
  await expect(page.getByRole('row', { name: /^4 手机号码 .*11 位/ })).toBeVisible();
  // The error report: the rows as they were in the file, each with its reason.
  const report = page.waitForEvent('download', { timeout: 15_000 });
  await button(page, '下载错误报告').click();
  const reportFile = path.join(os.tmpdir(), `crm-e2e-errors-${Date.now()}.xlsx`);
  await (await report).saveAs(reportFile);
  const reportBook = XLSX.read(fs.readFileSync(reportFile));
  const reportRows = XLSX.utils.sheet_to_json<unknown[]>(reportBook.Sheets[reportBook.SheetNames[0]!]!, { header: 1 }).map((r) => r.map(String).join('|'));
  fs.rmSync(reportFile, { force: true });
  const badRow = reportRows.filter((r) => r.includes(b));
  expect(badRow).toHaveLength(1);
  expect(badRow[0]).toContain('12345');
  expect(badRow[0]).toMatch(/11 位/);
  expect(reportRows.some((r) => r.includes(a) && r.includes('张三'))).toBe(false);
  await page.getByTestId('import-commit').click();
  await expect(page.getByText('导入完成')).toBeVisible();

  const am1 = await colleague('am1');
  const found = await am1.customers.list.query({ search: a, page: 1, pageSize: 10, sort: 'name', order: 'asc' });
  expect(found.items.map((c) => [c.name, c.level])).toEqual([[a, 'A']]);

  await button(page, '返回客户列表').click();
  await page.getByPlaceholder('搜索名称、电话、信用代码').fill(a);
  await page.keyboard.press('Enter');
  // The new customer is on top of the whole list too: wait until the list is the search's.
  await expect(page.getByText('共 1 条')).toBeVisible();
  await expect(page.getByText(a, { exact: true })).toBeVisible();
  const download = page.waitForEvent('download', { timeout: 15_000 });
  await page.getByTestId('export-customers').click();
  await page.getByRole('menuitem', { name: '导出为 Excel（.xlsx）' }).click();
  const d = await download;
  expect(await d.failure()).toBeNull();
  const saved = path.join(os.tmpdir(), `crm-e2e-export-${Date.now()}.xlsx`);
  await d.saveAs(saved);
  const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(fs.readFileSync(saved)).Sheets['客户']!);
  expect(rows.map((r) => r['客户名称'])).toEqual([a]);
  expect(rows[0]!['手机']).toBe(mobile);
  fs.rmSync(saved, { force: true });
});

// A team lead's list names each customer's owner: the wizard takes owners from that column and
// refuses, row by row, a name it does not know.
test('imports customers with owners taken from the file', async ({ page }) => {
  const [a, b, c] = [uniqueName('按列甲'), uniqueName('按列乙'), uniqueName('按列丙')];
  const ws = XLSX.utils.aoa_to_sheet([['客户名称', '负责人'], [a, 'am3'], [b, '张伟'], [c, '查无此人']]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '客户');
  const file = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;

  await signIn(page, 'lead1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await button(page, '导入').click();
  await page.locator('input[type=file]').setInputFiles({ name: '分配.xlsx', mimeType: 'application/octet-stream', buffer: file });
  await expect(page.getByTestId('import-owner').getByLabel('按文件中的负责人列')).toBeChecked();
  await page.getByTestId('import-dry-run').click();
  await expect(page.getByTestId('import-counts')).toContainText('新建2');
  await expect(page.getByText('没有名为“查无此人”的启用用户')).toBeVisible();
  await page.getByTestId('import-commit').click();
  await expect(page.getByText('导入完成')).toBeVisible();

  const lead = await colleague('lead1');
  const owners = await Promise.all(
    [a, b, c].map(async (name) => (await lead.customers.list.query({ search: name, page: 1, pageSize: 5, sort: 'name', order: 'asc' })).items[0]?.owner?.name ?? null),
  );
  expect(owners).toEqual(['刘洋', '张伟', null]);
});
