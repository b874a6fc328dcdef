import { expect, test } from '@playwright/test';
import { button, signIn, uniqueName } from './support/app';

test('a bad credit code is explained next to the field and nothing typed is lost', async ({ page }) => {
  const name = uniqueName('杭州校验测试');
  await signIn(page, 'am1');
  await page.getByTestId('side-nav').getByText('客户').click();
  await button(page, '新建客户').click();

  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户名称').fill(name);
  await form.getByLabel('电话').fill('0571-88886666');
  await form.getByLabel('详细地址').fill('西湖区文三路 100 号');
  // 18 characters, but the check character is wrong.
  await form.getByLabel('统一社会信用代码').fill('91330106MA2B12345X');
  await button(form, '保存').click();

  const creditItem = form.locator('.ant-form-item').filter({ has: page.getByLabel('统一社会信用代码') });
  await expect(creditItem).toContainText('统一社会信用代码无效（应为 18 位且校验位正确）');
  await expect(form.getByLabel('客户名称')).toHaveValue(name);
  await expect(form.getByLabel('电话')).toHaveValue('0571-88886666');
  await expect(form.getByLabel('详细地址')).toHaveValue('西湖区文三路 100 号');
  await page.screenshot({ path: 'test-results/validation.png' });

  // Fixing it clears the message; still nothing was saved until then.
  await form.getByLabel('统一社会信用代码').fill('');
  await expect(creditItem).not.toContainText('统一社会信用代码无效');
});
