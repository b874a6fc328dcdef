import { expect, test } from '@playwright/test';
import { button, freshCreditCode, pickOption, quickSearch, signIn, signOut, tableRow, uniqueName } from './support/app';

// One account manager records a new customer with a contact and a follow-up; a colleague in
// another team must not be able to find it.
test('am1 creates a customer with a contact and a follow-up; am2 cannot find it', async ({ page }) => {
  const name = uniqueName('上海旅程测试科技');
  const contactName = '林晓雨';
  const note = '电话沟通了年度采购计划，客户希望下周安排上门演示';

  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await button(page, '新建客户').click();

  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户名称').fill(name);
  await form.getByLabel('统一社会信用代码').fill(freshCreditCode());
  await form.getByLabel('电话').fill('021-58881234');
  await button(form, '保存').click();

  await expect(page.getByTestId('customer-title')).toHaveText(name);

  // Contact, in the contacts tab.
  await page.getByRole('tab', { name: /联系人/ }).click();
  await button(page, '添加联系人').click();
  const contactForm = page.getByTestId('contact-form');
  await contactForm.getByLabel('姓名').fill(contactName);
  await contactForm.getByLabel('职务').fill('采购经理');
  await contactForm.getByLabel('手机').fill('139 1234 5678');
  await button(page.getByRole('dialog'), '保存').click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('contacts-table')).toContainText(contactName);
  // The mobile number was typed with spaces; it is stored and shown normalised.
  await expect(page.getByTestId('contacts-table')).toContainText('13912345678');

  // Follow-up, with that contact.
  await page.getByRole('tab', { name: '跟进记录' }).click();
  const fu = page.getByTestId('followup-form');
  await fu.getByLabel('联系人').click();
  await pickOption(page, contactName);
  await fu.getByLabel('跟进内容').fill(note);
  await button(fu, '添加跟进').click();
  await expect(page.getByTestId('followup-timeline')).toContainText(note);

  // Found again by quick search from the list, with everything on its page.
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, name.slice(0, 12));
  await expect(tableRow(page, name)).toHaveCount(1);
  await tableRow(page, name).click();
  await expect(page.getByTestId('customer-title')).toHaveText(name);
  await page.getByRole('tab', { name: /联系人/ }).click();
  await expect(page.getByTestId('contacts-table')).toContainText(contactName);
  await page.getByRole('tab', { name: '跟进记录' }).click();
  await expect(page.getByTestId('followup-timeline')).toContainText(note);
  await expect(page.getByTestId('followup-timeline')).toContainText(`联系人：${contactName}`);
  await page.screenshot({ path: 'test-results/customer-page.png', fullPage: true });

  // Someone from the other sales team searches for it and finds nothing.
  await signOut(page);
  await signIn(page, 'am2');
  await page.getByTestId('side-nav').getByText('客户').click();
  await quickSearch(page, name);
  await expect(page.getByTestId('customer-table')).toContainText('没有符合条件的客户');
  await expect(tableRow(page, name)).toHaveCount(0);
});
