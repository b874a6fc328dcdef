import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { ServerConfig } from './config';
import { openDatabase } from './db/data-source';
import { refreshPlannerStats } from './db/planner-stats';
import { createHttpServer, createRequestListener } from './http/http-server';
import { createServices, type Services } from './services';

export interface RunningServer {
  db: DataSource;
  services: Services;
  http: http.Server;
  url: string;
  close(): Promise<void>;
}

// Opens the database (applying migrations), wires the services and listens. Used by
// `crm-server start`, the dev launcher and the tests alike.
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const db = await openDatabase(config);
  const services = createServices(db, config);
  // Before anything can start a new import: no job of a previous process is still running.
  await services.imports.jobs.failInterrupted();
  const server = createHttpServer(config, createRequestListener(db, config, services));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const jobs = startJobs(db, services);
  return {
    db,
    services,
    http: server,
    url,
    async close() {
      jobs.stop();
      await services.imports.stopAll();
      await services.exports.jobs.stopAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

// Scheduled work (pool return and later ones) registers here.
function startJobs(db: DataSource, services: Services): { stop(): void } {
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  // Pool auto-return: once at start (catching up after downtime), then hourly.
  const returnToPool = () => {
    if (stopped) return;
    services.pool.returnStaleCustomers().catch((e: unknown) => {
      if (!stopped && services.config.logLevel !== 'silent') console.error('[jobs] pool return failed:', e);
    });
  };
  returnToPool();
  timers.push(setInterval(returnToPool, 3_600_000).unref());
  // Audit retention (admin setting audit.retentionDays): daily.
  const auditRetention = () => {
    if (stopped) return;
    services.adminOps.applyRetention(null).catch((e: unknown) => {
      if (!stopped && services.config.logLevel !== 'silent') console.error('[jobs] audit retention failed:', e);
    });
  };
  timers.push(setInterval(auditRetention, 86_400_000).unref());
  // Imports and daily work change table sizes; keep SQLite's query plans up to date.
  const plannerStats = () => {
    if (stopped) return;
    refreshPlannerStats(db).catch((e: unknown) => {
      if (!stopped && services.config.logLevel !== 'silent') console.error('[jobs] planner statistics failed:', e);
    });
  };
  timers.push(setInterval(plannerStats, 3_600_000).unref());
  return {
    stop: () => {
      stopped = true;
      timers.forEach(clearInterval);
    },
  };
}
