import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/data-source';
import { demoOwners, generateDemoCustomers, insertDemoData } from '../../server/modules/demo/demo-customers';
import { seedDemoOrg, type DemoOrg } from '../../server/modules/demo/demo-org';
import type { DataSource } from 'typeorm';
import { freshDatabase, TEST_DB } from '../support/databases';

// An account manager's own-scope list counts every customer they own or work on. Without
// statistics SQLite counts it by walking every live customer; with them it starts from the
// owner index. The plan, not a timing, is what this guards (timings live in `npm run bench`).
const OWN_SCOPE_COUNT = `EXPLAIN QUERY PLAN SELECT COUNT(*) FROM customers c WHERE c.deleted_at IS NULL AND c.owner_id IS NOT NULL
  AND (c.owner_id = ? OR c.id IN (SELECT cc.customer_id FROM customer_collaborators cc WHERE cc.user_id = ?))`;

describe.runIf(TEST_DB === 'sqlite')('SQLite query planner statistics', () => {
  let db: DataSource;
  let org: DemoOrg;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    db = await openDatabase(fresh.config);
    org = await seedDemoOrg(db);
    await insertDemoData(db, generateDemoCustomers(6000, demoOwners(org), 7));
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('a bulk load leaves statistics behind, and an own-scope count starts from the owner index', async () => {
    const stats = (await db.query("SELECT DISTINCT idx FROM sqlite_stat1 WHERE tbl = 'customers'")) as { idx: string }[];
    expect(stats.map((s) => s.idx)).toContain('idx_customers_owner_recent');
    const me = org.users.am1!.id;
    const plan = ((await db.query(OWN_SCOPE_COUNT, [me, me])) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toContain('idx_customers_owner_recent');
  });
});
