// `npm start`: the whole product on one machine, in a browser. Starts the server in-process
// on the embedded default (SQLite in ./data, port 3210; PORT, CRM_DATA_DIR, CRM_DATABASE_URL
// and the other crm-server settings apply), loads the demo company into an empty database
// (unless CRM_DEMO=0; otherwise bootstraps the first administrator and prints its one-time
// password), starts a desktop client core (data in <data dir>/client) behind the loopback
// dev/test bridge, and prints the address to open.
//
// Options (for the browser tests as much as for people):
//   --port <n>          server port (default PORT or 3210; 0 = any free port)
//   --bridge-port <n>   bridge/UI port (default CRM_BRIDGE_PORT or 3211; 0 = any free port)
//   --data-dir <dir>    server data folder (default CRM_DATA_DIR or ./data)
//   --server <url>      use a server that is already running instead of starting one
//   --setting <k>=<v>   set a server setting (repeatable; JSON value), e.g. pool.claimLimit=1000
//                       (the browser tests use it; only when this script starts the server)
//   --no-vite           serve the built renderer from out/renderer (run `npx electron-vite build`
//                       first) instead of a Vite dev server with hot reload
// Environment: CRM_DEMO=0 (no demo data), CRM_BRIDGE_TOKEN (fixed bridge token, >= 32 chars;
// default random).
//
// The last line printed is always
//   CRM ready: open http://127.0.0.1:<port>/#bridge=<token>
// (match /CRM ready: open (http\S+#bridge=[\w-]+)/). Stops cleanly on SIGINT/SIGTERM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rendererConfig } from '../electron.vite.config';
import { startServer, type RunningServer } from '../server/app';
import { bootstrapAndAnnounce, commands } from '../server/cli/commands';
import { ConfigError, loadConfig } from '../server/config';
import { describeDatabase } from '../server/db/data-source';
import { UserEntity } from '../server/modules/org/user.entity';
import { settingsSchema, type SettingKey } from '../server/modules/settings/settings.service';
import { createClientCore, FileSecretStore } from '../src/main/core';
import { createNetworkSwitch, startDevBridge, type BridgeRenderer } from '../src/main/core/dev-bridge';

const root = path.resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'bridge-port': { type: 'string' },
    'data-dir': { type: 'string' },
    server: { type: 'string' },
    'no-vite': { type: 'boolean', default: false },
    setting: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(fs.readFileSync(import.meta.filename, 'utf8').split('\nimport ')[0]!.replace(/^\/\/ ?/gm, ''));
  process.exit(0);
}

function portOption(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`${name} must be a whole number from 0 to 65535, got "${raw}"`);
  return n;
}

// "pool.claimLimit=2000" -> ['pool.claimLimit', 2000], checked against the server's settings.
function settingOption(raw: string): [SettingKey, never] {
  const eq = raw.indexOf('=');
  const key = raw.slice(0, eq) as SettingKey;
  if (eq < 1 || !(key in settingsSchema.shape)) {
    fail(`--setting ${raw}: expected <name>=<value> with one of ${Object.keys(settingsSchema.shape).join(', ')}`);
  }
  const text = raw.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const parsed = settingsSchema.shape[key].safeParse(value);
  if (!parsed.success) fail(`--setting ${raw}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  return [key, parsed.data as never];
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const env = { ...process.env };
  const port = portOption(values.port, '--port');
  if (port !== undefined) env.PORT = String(port);
  if (values['data-dir']) env.CRM_DATA_DIR = values['data-dir'];
  const config = loadConfig(env);
  const settings = (values.setting ?? []).map(settingOption);
  if (settings.length && values.server) fail('--setting applies to the embedded server only, not with --server');
  const bridgePort = portOption(values['bridge-port'] ?? process.env.CRM_BRIDGE_PORT ?? '3211', '--bridge-port')!;

  let server: RunningServer | null = null;
  let serverUrl: string;
  let demo = false;
  if (values.server) {
    serverUrl = values.server.replace(/\/+$/, '');
  } else {
    console.log(`Database: ${config.databaseKind} at ${describeDatabase(config)}`);
    server = await startServer(config);
    serverUrl = server.url;
    const empty = (await server.db.getRepository(UserEntity).count()) === 0;
    demo = empty && process.env.CRM_DEMO !== '0';
    if (demo) await commands.demo!.run(config, []);
    await bootstrapAndAnnounce(server);
    for (const [key, value] of settings) await server.services.settings.set(key, value);
    console.log(`CRM server listening on ${server.url} (health: ${server.url}/healthz)`);
  }

  let renderer: BridgeRenderer;
  if (values['no-vite']) {
    const dir = path.join(root, 'out/renderer');
    if (!fs.existsSync(path.join(dir, 'index.html'))) fail(`${dir}/index.html is missing: run \`npx electron-vite build\` first, or drop --no-vite`);
    renderer = { kind: 'static', dir };
  } else {
    renderer = { kind: 'vite', config: rendererConfig };
  }

  // The dev client keeps its token in a 0600 file; the desktop app uses the OS keychain.
  const clientDir = path.join(config.dataDir, 'client');
  // The browser tests of offline work unplug this through the bridge (POST /__test/network).
  const network = createNetworkSwitch();
  const core = await createClientCore({
    fetch: network.fetch,
    dataDir: clientDir,
    secretStore: new FileSecretStore(path.join(clientDir, 'secrets.json')),
    deviceName: `${os.hostname()} (browser dev mode)`,
    defaultServerUrl: serverUrl,
  });
  const bridge = await startDevBridge({ core, renderer, network, port: bridgePort, token: process.env.CRM_BRIDGE_TOKEN || undefined });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    await core.close();
    await server?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  const state = await core.caller.session.state();
  const hint = state.signedIn
    ? `signed in as ${state.user?.username}`
    : `sign in with server address ${serverUrl}${demo ? ', e.g. am1 / demo1234' : ''}`;
  console.log(`UI and client core on ${bridge.url} (${hint}); Ctrl+C stops everything.`);
  console.log(`CRM ready: open ${bridge.openUrl}`);
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) fail(e.message);
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port in use: ${(e as Error).message} (choose another with --port / --bridge-port)`);
  console.error(e);
  process.exit(1);
});
