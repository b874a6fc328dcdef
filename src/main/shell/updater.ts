import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { ClientCore } from '../core';

const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

// Updates come from the CRM server the user signs in to (`<server>/updates/`, electron-builder's
// generic provider), so an intranet install needs no internet access. Downloads in the
// background and installs only when the user restarts; quitting never installs silently.
export function startUpdater(core: ClientCore): () => void {
  if (!app.isPackaged) return () => undefined;
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.logger = console;
  autoUpdater.on('update-downloaded', (info) => console.info(`[updater] version ${info.version} downloaded; installs at next restart`));
  autoUpdater.on('error', (e) => console.warn('[updater]', e.message));
  let feed: string | null = null;
  const check = async () => {
    const server = (await core.session.state()).serverUrl;
    if (!server) return;
    const url = `${server}/updates/`;
    if (url !== feed) {
      autoUpdater.setFeedURL({ provider: 'generic', url });
      feed = url;
    }
    await autoUpdater.checkForUpdates().catch((e: Error) => console.warn('[updater] check failed:', e.message));
  };
  void check();
  const timer = setInterval(() => void check(), CHECK_EVERY_MS);
  const off = core.session.onChange(() => void check());
  return () => {
    clearInterval(timer);
    off();
  };
}
