import { chromium, type FullConfig } from '@playwright/test';

// The Vite dev server bundles dependencies on the first page load and then reloads the page;
// doing that once here keeps it out of the first test.
export default async function globalSetup(config: FullConfig): Promise<void> {
  const use = config.projects[0]!.use;
  const browser = await chromium.launch(use.launchOptions);
  try {
    const page = await browser.newPage();
    const url = `${use.baseURL}/#bridge=${process.env.CRM_E2E_BRIDGE_TOKEN}`;
    for (let i = 0; i < 2; i++) {
      await page.goto(url);
      await page.locator('[data-testid="login-form"], [data-testid="side-nav"]').first().waitFor({ timeout: 90_000 });
      await page.waitForLoadState('networkidle');
    }
  } finally {
    await browser.close();
  }
}
