import type { Session } from 'electron';
import { APP_ORIGIN } from './app-origin';

// No eval, no inline scripts, no remote code, nothing fetched but the app's own origin (all
// data goes through IPC). Styles allow inline because Ant Design injects its CSS at runtime.
// The dev server additionally needs its HMR websocket and the React refresh preamble.
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// Adds the policy to every response for the app's own pages (the dev server's included; the
// app:// handler also sets it on its responses directly).
export function installCsp(session: Session, devUrl: string | null): void {
  const urls = [`${APP_ORIGIN}/*`];
  if (devUrl) urls.push(`${new URL(devUrl).origin}/*`);
  session.webRequest.onHeadersReceived({ urls }, (details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [contentSecurityPolicy(devUrl !== null)];
    callback({ responseHeaders: headers });
  });
}
