import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { TRPCError } from '@trpc/server';
import { localErrorData } from '../../src/main/core/api/errors';
import { createClientCore, FileSecretStore, type ClientCoreOptions } from '../../src/main/core';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'crm-core-'));
}

// A client core over `dataDir`, keeping its token in a plain 0600 file there so the test can
// see exactly what was persisted.
export function coreIn(dataDir: string, extra: Partial<ClientCoreOptions> = {}) {
  return createClientCore({
    dataDir,
    secretStore: new FileSecretStore(path.join(dataDir, 'secrets.json')),
    cacheKeyStore: new FileSecretStore(path.join(dataDir, 'cache-keys.json')),
    deviceName: 'vitest',
    ...extra,
  });
}

export function storedSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, 'secrets.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

// The app error a local call failed with, whether it came in-process (createCaller) or over a
// transport (TRPCClientError with the formatted data).
export async function appErrorOf(p: Promise<unknown>): Promise<{ code: string; params: Record<string, unknown>; fieldErrors: { path: string; message: string }[] }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCError) {
      const d = localErrorData(e);
      return { code: d.appCode, params: d.params ?? {}, fieldErrors: d.fieldErrors ?? [] };
    }
    if (e instanceof TRPCClientError) {
      const d = e.data as { appCode?: string; params?: Record<string, unknown>; fieldErrors?: { path: string; message: string }[] } | undefined;
      return { code: d?.appCode ?? 'UNKNOWN', params: d?.params ?? {}, fieldErrors: d?.fieldErrors ?? [] };
    }
    throw e;
  }
  throw new Error('expected the call to fail, it succeeded');
}

// A TCP relay in front of the test server that can be switched off and on, so "the server
// is down" is a real refused connection on the address the core knows.
export async function switchableRelay(target: string): Promise<{ url: string; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> }> {
  const t = new URL(target);
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const up = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(Number(t.port), t.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  };
  const down = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  };
  await up();
  return { url: `http://127.0.0.1:${port}`, up, down, close: down };
}

// An address where nothing listens.
export async function deadAddress(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
