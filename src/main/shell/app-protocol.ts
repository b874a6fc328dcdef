import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { contentTypeOf } from '../core/util/content-types';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { contentSecurityPolicy } from './csp';

// Must run before the app is ready: app:// behaves like https (standard, secure origin,
// fetch allowed) so the page gets a real origin instead of file://'s shared one.
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

// Serves the built renderer (out/renderer) at app://crm/. Paths that escape the folder are
// refused; unknown paths get index.html so client-side routes survive a reload.
export function handleAppProtocol(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('not found', { status: 404 });
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    } catch {
      return new Response('bad request', { status: 400 });
    }
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return new Response('not found', { status: 404 });
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      // Only page routes fall back to the app shell; a missing script or image is a 404.
      if (path.extname(rel)) return new Response('not found', { status: 404 });
      file = path.join(root, 'index.html');
    }
    // Read directly (works inside the asar) rather than through file://, which the fuses
    // leave without extra privileges.
    const body = await fs.readFile(file);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': contentSecurityPolicy(false),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  });
}
