import { expect, type Locator, type Page } from '@playwright/test';
import { creditCodeCheckChar } from '../../../src/shared/domain/credit-code';

// Set by playwright.config.ts.
export const SERVER_URL = process.env.CRM_E2E_SERVER_URL!;
const BRIDGE_TOKEN = process.env.CRM_E2E_BRIDGE_TOKEN!;
export const DEMO_PASSWORD = 'demo1234';

// Ant Design puts a space between the two characters of a two-character Chinese button label
// (保 存); people read 保存, so match either way.
export function button(scope: Page | Locator, label: string): Locator {
  const spaced = [...label].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
  // An icon inside the button adds its own name first ("plus 新建客户").
  return scope.getByRole('button', { name: new RegExp(`(^|\\s)${spaced}\\s*$`) });
}

export async function openApp(page: Page): Promise<void> {
  await page.goto(`/#bridge=${BRIDGE_TOKEN}`);
  await expect(page.getByTestId('login-form').or(page.getByTestId('side-nav'))).toBeVisible({ timeout: 30_000 });
}

// The user menu opens on hover and may still be animating when the pointer reaches it; a
// person would simply try again, so does this.
export async function signOut(page: Page): Promise<void> {
  const form = page.getByTestId('login-form');
  await expect(async () => {
    if (await form.isVisible()) return;
    await page.getByTestId('user-menu').hover();
    await page.getByRole('menuitem', { name: /退出登录|Sign out/ }).click({ timeout: 2_000 });
    await expect(form).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
}

// Picks an option of an open antd Select (the ARIA listbox antd renders is only for screen readers).
export async function pickOption(page: Page, label: string): Promise<void> {
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
}

// The bridge's client core holds one session for every tab, like the desktop app: whoever
// the previous test left signed in is signed out first.
export async function signIn(page: Page, username: string): Promise<void> {
  await openApp(page);
  if (await page.getByTestId('side-nav').isVisible()) await signOut(page);
  const form = page.getByTestId('login-form');
  await form.getByLabel('服务器地址').fill(SERVER_URL);
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await button(form, '登录').click();
  await expect(page.getByTestId('side-nav')).toBeVisible();
}

export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1000)}有限公司`;
}

// A valid 统一社会信用代码 that no demo customer has.
export function freshCreditCode(): string {
  const digits = String(Date.now()).slice(-8);
  const first17 = `91310115MA${digits.slice(0, 7)}`;
  return first17 + creditCodeCheckChar(first17)!;
}

export async function quickSearch(page: Page, text: string): Promise<void> {
  await page.getByTestId('quick-search').fill(text);
}

export function tableRow(page: Page, text: string): Locator {
  return page.getByTestId('customer-table').locator('.ant-table-row').filter({ hasText: text });
}
