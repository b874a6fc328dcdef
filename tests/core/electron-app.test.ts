import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './core-support';

// Launches the built desktop app (npx electron-vite build) when an Electron binary is
// installed and a display is available; otherwise the suite is skipped, never failed: CI
// machines without Electron run everything else.
const root = path.resolve(import.meta.dirname, '../..');

// Looks for the binary the way the electron package does, without calling it: requiring
// 'electron' would try to download a missing binary.
function electronBinary(): string | null {
  const pkg = path.join(root, 'node_modules/electron');
  const pathFile = path.join(pkg, 'path.txt');
  const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, name || 'electron') : name ? path.join(pkg, 'dist', name) : null;
  return candidate && fs.existsSync(candidate) ? candidate : null;
}

const built = fs.existsSync(path.join(root, 'out/main/index.js')) && fs.existsSync(path.join(root, 'out/renderer/index.html'));
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const binary = electronBinary();

describe.skipIf(!binary || !built || !display)('desktop app (Electron)', () => {
  it('opens one window on app:// whose page has no Node and nothing but the tRPC channel', async () => {
    const { _electron } = await import('playwright');
    const home = tempDir();
    const app = await _electron.launch({
      executablePath: binary!,
      args: [root],
      cwd: root,
      env: { ...process.env, ELECTRON_RENDERER_URL: '', HOME: home, XDG_CONFIG_HOME: home, APPDATA: home },
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toMatch(/^app:\/\/crm\//);
      const globals = await page.evaluate(() => [
        typeof (globalThis as { electronTRPC?: { sendMessage?: unknown } }).electronTRPC?.sendMessage,
        typeof (globalThis as { require?: unknown }).require,
        typeof (globalThis as { process?: unknown }).process,
      ]);
      expect(globals).toEqual(['function', 'undefined', 'undefined']);
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      // Navigation away from the app is refused.
      await page.evaluate(() => (globalThis as unknown as { location: { assign(u: string): void } }).location.assign('https://example.com/'));
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/crm\//);
    } finally {
      await app.close();
    }
  });
});
