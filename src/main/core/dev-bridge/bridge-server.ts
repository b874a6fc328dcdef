import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { InlineConfig, ViteDevServer } from 'vite';
import type { ClientCore } from '../index';
import { newBridgeToken, presentedToken, tokensMatch } from './bridge-token';
import type { NetworkSwitch } from './network-switch';
import { staticFiles } from './static-files';

// The dev/test bridge: the client core's local router over HTTP on the loopback interface, for
// running the UI in an ordinary browser (`npm start`, browser tests). It stands in for
// Electron IPC and is never part of the desktop app: only scripts/dev.ts and tests import it.
//
// /api/*  the local router (tRPC over HTTP, subscriptions as server-sent events). Every call
//         needs the bridge token (header x-bridge-token, or connectionParams.bridgeToken for
//         SSE); without it: 401. Whoever has the token acts as the signed-in user.
// /*      the renderer: a Vite dev server in middleware mode (hot reload, for `npm start`), or a
//         built folder (out/renderer, for tests and `--no-vite`), or nothing.
// /__test/network  only with opts.network (see BridgeOptions).
export type BridgeRenderer = { kind: 'vite'; config: InlineConfig } | { kind: 'static'; dir: string } | { kind: 'none' };

export interface BridgeOptions {
  core: ClientCore;
  renderer: BridgeRenderer;
  port?: number; // 0 or absent: a free port
  token?: string; // absent: a random one
  // Browser tests of offline work: POST /__test/network {"offline": true|false} pulls or plugs
  // the core's cable to the server (token-guarded like /api). Absent: no such route.
  network?: NetworkSwitch;
}

export interface RunningBridge {
  url: string; // http://127.0.0.1:<port>
  token: string;
  openUrl: string; // url + '/#bridge=<token>': what a browser opens
  close(): Promise<void>;
}

const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

// A 401 in tRPC's own error format, so the page's client reports it like any other app error
// (UNAUTHENTICATED, params.reason 'bridgeToken': the tab was not opened with the printed address).
function refuse(res: http.ServerResponse, url: URL): void {
  const error = (path: string) => ({
    error: {
      message: 'UNAUTHENTICATED',
      code: -32001,
      data: { code: 'UNAUTHORIZED', httpStatus: 401, path, appCode: 'UNAUTHENTICATED', params: { reason: 'bridgeToken' }, fieldErrors: [] },
    },
  });
  let paths: string[];
  try {
    paths = decodeURIComponent(url.pathname.replace(/^\/api\/?/, '')).split(',');
  } catch {
    paths = [''];
  }
  const body = url.searchParams.get('batch') === '1' ? paths.map(error) : error(paths[0] ?? '');
  res.writeHead(401, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function networkRoute(req: http.IncomingMessage, res: http.ServerResponse, url: URL, token: string, network: NetworkSwitch): void {
  const answer = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  if (!tokensMatch(presentedToken(req, url), token)) return answer(401, { error: 'bridge token required' });
  if (req.method !== 'POST') return answer(405, { error: 'POST only' });
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    raw += chunk;
    if (raw.length > 1024) req.destroy();
  });
  req.on('end', () => {
    let offline: unknown;
    try {
      offline = (JSON.parse(raw) as { offline?: unknown } | null)?.offline;
    } catch {
      offline = undefined;
    }
    if (typeof offline !== 'boolean') return answer(400, { error: 'expected {"offline": true|false}' });
    network.setOffline(offline);
    answer(200, { offline: network.offline() });
  });
}

export async function startDevBridge(opts: BridgeOptions): Promise<RunningBridge> {
  const token = opts.token ?? newBridgeToken();
  if (token.length < 32) throw new Error('bridge token must be at least 32 characters');
  const api = createHTTPHandler({
    router: opts.core.router,
    basePath: '/api/',
    allowBatching: true,
    // Spreadsheet imports carry the file (base64): up to the server's 20 MB limit.
    maxBodySize: 30 * 1024 * 1024,
    createContext: () => opts.core.createContext(),
  });
  let vite: ViteDevServer | null = null;
  let serveStatic: ReturnType<typeof staticFiles> | null = null;
  let port = 0;

  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      res.writeHead(400).end();
      return;
    }
    // Refuse other host names: a web page rebinding its DNS to 127.0.0.1 gets nothing here.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!tokensMatch(presentedToken(req, url), token)) {
        refuse(res, url);
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      void api(req, res);
      return;
    }
    if (url.pathname === '/__test/network' && opts.network) {
      networkRoute(req, res, url, token, opts.network);
      return;
    }
    if (vite) {
      vite.middlewares(req, res);
      return;
    }
    if (serveStatic) {
      serveStatic(req, res, url);
      return;
    }
    res.writeHead(404).end();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  if (opts.renderer.kind === 'vite') {
    const { createServer } = await import('vite');
    vite = await createServer({
      ...opts.renderer.config,
      configFile: false,
      appType: 'spa',
      server: { middlewareMode: true, hmr: { server }, allowedHosts: ['127.0.0.1', 'localhost'] },
    });
  } else if (opts.renderer.kind === 'static') {
    serveStatic = staticFiles(opts.renderer.dir, PAGE_HEADERS);
  }

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    openUrl: `${url}/#bridge=${token}`,
    async close() {
      await vite?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
