import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Browser tests drive the real product: `scripts/dev.ts` starts the server on a fresh SQLite
// database with the demo company, a client core and the loopback bridge serving the UI.
// Fixed ports and bridge token so the tests know where to go; override with the env below.
const serverPort = Number(process.env.CRM_E2E_SERVER_PORT ?? 3292);
const bridgePort = Number(process.env.CRM_E2E_BRIDGE_PORT ?? 3293);
const bridgeToken = process.env.CRM_E2E_BRIDGE_TOKEN ?? 'e2e-bridge-token-do-not-use-outside-tests-0123456789';

// Workers re-read this file; the env carries the one data folder chosen by the main process.
if (!process.env.CRM_E2E_DATA_DIR) process.env.CRM_E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-e2e-'));
const dataDir = process.env.CRM_E2E_DATA_DIR;

// Read by tests/e2e/support/app.ts.
process.env.CRM_E2E_SERVER_URL = `http://127.0.0.1:${serverPort}`;
process.env.CRM_E2E_BRIDGE_TOKEN = bridgeToken;

export default defineConfig({
  testDir: 'tests/e2e',
  // One client core behind the bridge holds one session: tests take turns.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The JSON report feeds scripts/ci-summary.mjs, which fails CI if browser tests were skipped.
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  globalSetup: './tests/e2e/support/global-setup.ts',
  globalTeardown: './tests/e2e/support/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${bridgePort}`,
    locale: 'zh-CN',
    // Menus and dropdowns then appear without sliding in (the app follows the OS setting):
    // on a loaded 2-core runner a click aimed mid-animation could land beside its option.
    reducedMotion: 'reduce',
    viewport: { width: 1400, height: 860 },
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `npx tsx scripts/dev.ts --port ${serverPort} --bridge-port ${bridgePort} --data-dir ${dataDir}`,
    url: `http://127.0.0.1:${bridgePort}/`,
    env: { CRM_BRIDGE_TOKEN: bridgeToken },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
