import { expect, type Page } from '@playwright/test';

// Unplugs (or plugs back) the client core's connection to the server: scripts/dev.ts wires a
// network switch into the core, reachable only through the bridge with its token.
export async function setOffline(page: Page, offline: boolean): Promise<void> {
  const res = await page.request.post('/__test/network', {
    headers: { 'x-bridge-token': process.env.CRM_E2E_BRIDGE_TOKEN! },
    data: { offline },
  });
  expect(res.status(), await res.text()).toBe(200);
}
