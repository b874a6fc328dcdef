import { In } from 'typeorm';
import { openDatabase } from '../db/data-source';
import { CustomerEntity } from '../modules/customers/customer.entity';
import {
  DEMO_CUSTOMER_COUNT,
  DEMO_SEED,
  demoOwners,
  generateDemoCustomers,
  insertDemoData,
} from '../modules/demo/demo-customers';
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS, seedDemoOrg } from '../modules/demo/demo-org';
import { UserEntity } from '../modules/org/user.entity';
import { zhCN } from '../../src/shared/i18n/zh-CN';
import { parseCommandArgs, usageError, wholeNumber } from './args';
import { SettingsService } from '../modules/settings/settings.service';
import { CliError } from './cli-error';
import type { Command } from './commands';

const n = (v: number) => v.toLocaleString('en-US');

// Loads the demo company, its users and customers. Demo rows are written without change-log
// entries, so load them before desktop clients first sync (clients that synced earlier pick
// them up only with a full resync).
export const demo: Command = {
  usage: 'crm-server demo [--customers <n>] [--seed <n>] [--force]',
  async run(config, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      { customers: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
      this.usage,
    );
    if (positionals.length) throw usageError(this.usage);
    const count = wholeNumber(values.customers, '--customers', this.usage, 0, 1_000_000) ?? DEMO_CUSTOMER_COUNT;
    let seed = wholeNumber(values.seed, '--seed', this.usage, 0, 2 ** 31) ?? DEMO_SEED;
    const db = await openDatabase(config);
    try {
      const existing = await db.getRepository(CustomerEntity).count({ withDeleted: true });
      if (existing > 0 && !values.force) {
        throw new CliError(`the database already has ${n(existing)} customers; demo data is meant for an empty one (add --force to load it anyway)`);
      }
      // A different seed for a second load, so its names do not repeat the first one's.
      if (existing > 0 && values.seed === undefined) seed += existing;
      const started = Date.now();
      const kept = (await db.getRepository(UserEntity).findBy({ username: In(DEMO_USERS.map((u) => u.username)) })).map((u) => u.username);
      const org = await seedDemoOrg(db);
      const owners = demoOwners(org);
      const rows = generateDemoCustomers(count, owners, seed);
      await insertDemoData(db, rows, (done, total) => {
        if (total >= 20_000 && (done % 20_000 === 0 || done === total)) console.error(`  ${n(done)} / ${n(total)} customers written`);
      });

      const perOwner = new Map<string | null, number>();
      for (const c of rows.customers) perOwner.set(c.ownerId, (perOwner.get(c.ownerId) ?? 0) + 1);
      const byId = new Map(Object.entries(org.users).map(([username, u]) => [u.id, username]));
      // Demo account managers own hundreds of customers; below that the claim limit would
      // refuse every claim, so the demo company gets a limit its people can still use.
      const settings = new SettingsService(db);
      const busiest = Math.max(...[...perOwner].filter(([owner]) => owner !== null).map(([, c]) => c));
      const limit = await settings.get('pool.claimLimit');
      const raisedLimit = busiest >= limit ? Math.ceil((busiest + 200) / 100) * 100 : null;
      if (raisedLimit) await settings.set('pool.claimLimit', raisedLimit);
      const split = owners.map((o) => `${o.userId ? byId.get(o.userId) : 'public pool'} ${n(perOwner.get(o.userId) ?? 0)}`).join(', ');
      console.log(`Loaded the demo company ${DEMO_DEPARTMENTS[0].name}: ${DEMO_DEPARTMENTS.length} departments, ${DEMO_USERS.length} users.`);
      console.log(`Customers: ${n(rows.customers.length)} (${split}); contacts: ${n(rows.contacts.length)}; follow-ups: ${n(rows.followUps.length)}. Took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      if (raisedLimit) console.log(`Pool claim limit raised to ${n(raisedLimit)} customers per person (demo account managers own up to ${n(busiest)}).`);
      console.log('');
      console.log(`Demo logins (every password: ${DEMO_PASSWORD}):`);
      for (const u of DEMO_USERS) {
        const dept = DEMO_DEPARTMENTS.find((d) => d.key === u.dept)!.name;
        console.log(`  ${u.username.padEnd(11)} ${u.displayName}（${zhCN.enums.role[u.role]}，${dept}）`);
      }
      console.log('');
      console.log('Demo data has no change-log entries: load it before desktop clients first sync.');
      if (kept.length) console.log(`Already existed and were left as they were (their passwords are not ${DEMO_PASSWORD}): ${kept.join(', ')}`);
    } finally {
      await db.destroy();
    }
  },
};
