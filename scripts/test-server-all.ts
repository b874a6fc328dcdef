// Runs the server suite once per supported database. PostgreSQL and MariaDB are required:
// if one cannot be reached the run fails (set CRM_TEST_DBS=sqlite to run only SQLite locally).
import { spawnSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL } from './test-databases';

const wanted = (process.env.CRM_TEST_DBS ?? 'sqlite,postgres,mysql').split(',').map((s) => s.trim());
if (process.env.CI && wanted.length < 3) {
  console.error('CI must run the server suite on sqlite, postgres and mysql; CRM_TEST_DBS may not narrow it');
  process.exit(1);
}

async function reachable(kind: string): Promise<string | null> {
  try {
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
      await c.connect();
      await c.end();
    } else if (kind === 'mysql') {
      const c = await mysql.createConnection({ uri: MYSQL_ADMIN_URL, connectTimeout: 5000 });
      await c.end();
    }
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

let failed = false;
for (const kind of wanted) {
  const problem = await reachable(kind);
  if (problem) {
    console.error(`\n✗ server suite on ${kind}: database not reachable (${problem}); this suite is required`);
    failed = true;
    continue;
  }
  console.log(`\n=== server suite on ${kind} ===`);
  const extra = process.argv.slice(2);
  const report = ['--reporter=default', '--reporter=json', `--outputFile.json=reports/vitest-server-${kind}.json`];
  const r = spawnSync('npx', ['vitest', 'run', '--project', 'server', ...report, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, CRM_TEST_DB: kind },
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
