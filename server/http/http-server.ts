import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../config';
import { appRouter } from '../router';
import type { Services } from '../services';
import { bearerToken, clientIp, type Context } from '../trpc/context';
import { SERVER_VERSION } from '../version';

const MAX_BODY_BYTES = 2 * 1024 * 1024;
// Spreadsheet uploads (base64 in JSON): a request for one imports.* procedure alone (a batch
// naming others never matches) may carry a 20 MB file.
const MAX_UPLOAD_BODY_BYTES = 28 * 1024 * 1024;
const UPLOAD_PATH = /^\/trpc\/imports\.[A-Za-z]+(\?|$)/;

// Desktop clients call from the main process, never a browser page, so no CORS headers are
// sent and browsers refuse cross-origin calls.
const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
};

export function createRequestListener(db: DataSource, config: ServerConfig, services: Services): http.RequestListener {
  const handler = (maxBodySize: number) => createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize,
    allowBatching: true,
    createContext: async ({ req }): Promise<Context> => {
      const token = bearerToken(req);
      const caller = token ? await services.auth.resolve(token) : null;
      const tokenRejected = token && !caller ? await services.auth.rejectionOf(token) : null;
      const ua = req.headers['user-agent'];
      return { db, config, services, caller, tokenRejected, ip: clientIp(req), userAgent: typeof ua === 'string' ? ua.slice(0, 200) : null };
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR' && config.logLevel !== 'silent') {
        console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
      }
    },
  });
  const trpc = handler(MAX_BODY_BYTES);
  const trpcUpload = handler(MAX_UPLOAD_BODY_BYTES);
  return (req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (config.tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    const url = req.url ?? '/';
    if (url === '/healthz' || url.startsWith('/healthz?')) {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', version: SERVER_VERSION, database: config.databaseKind }));
      return;
    }
    if (url.startsWith('/trpc/')) {
      services.foreground.track(req, res);
      if (req.method === 'OPTIONS') {
        res.statusCode = 405;
        res.end();
        return;
      }
      void (UPLOAD_PATH.test(url) ? trpcUpload : trpc)(req, res);
      return;
    }
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ error: 'not found' }));
  };
}

export function createHttpServer(config: ServerConfig, listener: http.RequestListener): http.Server {
  const server = config.tls
    ? https.createServer({ cert: fs.readFileSync(config.tls.cert), key: fs.readFileSync(config.tls.key), minVersion: 'TLSv1.2' }, listener)
    : http.createServer(listener);
  // Clients (undici in the desktop core) drop idle sockets after 4 s. A server that closed
  // them first (Node's default is 5 s) races a request being sent on a socket it is closing,
  // and the client sees "other side closed": keep idle sockets open longer than clients do.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  return server;
}
