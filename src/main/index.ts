import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, Menu, session } from 'electron';
import { pickLocale } from '../shared/i18n';
import { createClientCore } from './core';
import { APP_ENTRY, devRendererUrl } from './shell/app-origin';
import { handleAppProtocol, registerAppScheme } from './shell/app-protocol';
import { installCsp } from './shell/csp';
import { serveLocalRouter } from './shell/ipc';
import { buildAppMenu } from './shell/menu';
import { warnWeakKeyProtection } from './shell/key-warning';
import { createShellSecretStore } from './shell/secret-store';
import { startUpdater } from './shell/updater';
import { createMainWindow } from './shell/window';
import { denyPermissions, guardWebContents } from './shell/web-guards';

// The desktop shell: Electron specifics only. The client's logic is the core (./core),
// which runs the same in plain Node for tests and the browser dev mode.
const here = path.dirname(fileURLToPath(import.meta.url));
const devUrl = devRendererUrl(app.isPackaged);
const devTools = !app.isPackaged;

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, devUrl));
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      const ses = session.defaultSession;
      denyPermissions(ses);
      installCsp(ses, devUrl);
      handleAppProtocol(path.join(here, '../renderer'));

      const locale = pickLocale(app.getLocale());
      Menu.setApplicationMenu(buildAppMenu(locale, { devTools, isMac: process.platform === 'darwin' }));

      const dataDir = path.join(app.getPath('userData'), 'client');
      const { store, cacheKeys, protection } = createShellSecretStore(dataDir);
      const core = await createClientCore({ dataDir, secretStore: store, cacheKeyStore: cacheKeys, deviceName: `${os.hostname()} (${process.platform})` });

      win = createMainWindow({ preload: path.join(here, '../preload/index.cjs'), title: locale === 'zh-CN' ? '客户关系管理' : 'CRM', devTools });
      serveLocalRouter(core, win, devUrl);
      win.on('closed', () => (win = null));
      await win.loadURL(devUrl ?? APP_ENTRY);
      if (protection === 'weak') warnWeakKeyProtection(win, dataDir, locale);

      const stopUpdater = startUpdater(core);
      app.once('before-quit', () => {
        stopUpdater();
        void core.close();
      });
    })
    .catch((e: unknown) => {
      console.error('[main] start failed:', e);
      app.exit(1);
    });
}
