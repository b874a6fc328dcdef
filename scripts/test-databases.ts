import pg from 'pg';

// Connection details of the databases the test suites and the migration generator use.
// Defaults match the machines here and CI; override with CRM_TEST_PG_URL / CRM_TEST_MYSQL_URL.
export const PG_ADMIN_URL = process.env.CRM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MYSQL_ADMIN_URL = process.env.CRM_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/mysql';

export function withDatabase(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

// One statement on the PostgreSQL admin connection (CREATE/DROP DATABASE and the like).
export async function pgAdmin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
