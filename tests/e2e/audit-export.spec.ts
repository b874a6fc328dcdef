import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import * as XLSX from 'xlsx';
import { signIn } from './support/app';

// The audit log page exports what its filters select to Excel, and the export is logged.
test('an administrator exports the filtered audit log to Excel', async ({ page }) => {
  await signIn(page, 'admin');
  const nav = page.getByTestId('side-nav');
  if (!(await nav.getByText('审计日志').isVisible())) await nav.getByText('系统管理').click();
  await nav.getByText('审计日志').click();
  await page.getByPlaceholder('操作').fill('auth.login');

  const download = page.waitForEvent('download', { timeout: 15_000 });
  await page.getByTestId('audit-export').click();
  const d = await download;
  expect(await d.failure()).toBeNull();
  const saved = path.join(os.tmpdir(), `crm-e2e-audit-${Date.now()}.xlsx`);
  await d.saveAs(saved);
  const rows = XLSX.utils.sheet_to_json<Record<string, string>>(XLSX.read(fs.readFileSync(saved)).Sheets['审计日志']!);
  fs.rmSync(saved, { force: true });
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r['操作'] === 'auth.login')).toBe(true);
  expect(rows.some((r) => r['用户'] === 'admin')).toBe(true);

  // The export itself now heads the log.
  await page.getByPlaceholder('操作').fill('audit.export');
  await expect(page.getByRole('cell', { name: 'audit.export' }).first()).toBeVisible();
});
