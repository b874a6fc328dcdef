import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin';

// Only https links leave the app, and only to the system browser: no file:, smb:, custom
// protocol handlers or credentials-in-URL tricks through shell.openExternal.
export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password && u.hostname.length > 0;
  } catch {
    return false;
  }
}

// Applied to every web contents the app creates: no navigation away from the app, no new
// windows, no <webview>.
export function guardWebContents(contents: WebContents, devUrl: string | null): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, devUrl)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url, devUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

// The CRM needs no camera, microphone, location, notifications API, MIDI or USB: refuse all.
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
