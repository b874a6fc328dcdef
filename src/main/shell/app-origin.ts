// Where the app's own pages come from: the app:// scheme serving the built renderer, or in
// development the electron-vite dev server (ELECTRON_RENDERER_URL). Everything else is foreign.
export const APP_SCHEME = 'app';
export const APP_HOST = 'crm';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export function devRendererUrl(isPackaged: boolean): string | null {
  const url = process.env.ELECTRON_RENDERER_URL;
  // A packaged app never loads a page from an address set in the environment.
  return !isPackaged && url ? url : null;
}

export function isAppUrl(url: string | undefined | null, devUrl: string | null): boolean {
  if (!url) return false;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  // Custom schemes have an opaque origin ("null") in WHATWG URL; compare scheme and host instead.
  if (url.startsWith(`${APP_ORIGIN}/`) || url === APP_ORIGIN) return true;
  return devUrl !== null && origin === new URL(devUrl).origin;
}
