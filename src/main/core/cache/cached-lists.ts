import type { z } from 'zod';
import type { contactListInput } from '../../../shared/domain/contact.schema';
import type { customerListInput } from '../../../shared/domain/customer.schema';
import type { followUpListInput } from '../../../shared/domain/followup.schema';
import { normalizeMobile, toHalfWidth } from '../../../shared/domain/text';
import type { CacheDb } from './cache-db';
import type { Row } from './cache-store';
import { nameKeyOf } from './record-columns';

// The list procedures answered from the cache, with the server's semantics (customer-query.ts,
// contact.service.ts, followup.service.ts): the same filters, search rules, order (ties by id,
// empty values last) and paging. Filters and order run on indexed columns; only the rows of
// the page are parsed. The cache holds the caller's scope only, as the server's feed sends it.

type CustomerList = z.output<typeof customerListInput>;
type ContactList = z.output<typeof contactListInput>;
type FollowUpList = z.output<typeof followUpListInput>;
export interface Page {
  items: Row[];
  total: number;
}

interface Where {
  sql: string[];
  args: unknown[];
}

const SORT_COLUMN: Record<CustomerList['sort'], { col: string; nullable: boolean }> = {
  name: { col: 'name_key', nullable: false },
  createdAt: { col: 'created_at', nullable: false },
  updatedAt: { col: 'updated_at', nullable: false },
  lastFollowUpAt: { col: 'last_follow_up_at', nullable: true },
  nextFollowUpAt: { col: 'next_follow_up_at', nullable: true },
  level: { col: 'level', nullable: true },
  status: { col: 'status', nullable: false },
};

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

// Ids of one entity whose search column matches. FTS5's trigram index serves LIKE; its LIKE
// has no ESCAPE, so a text with % or _ is matched with instr() instead (no index, rare).
function searchIds(entity: string, column: 'name' | 'digits' | 'code', text: string, how: 'contains' | 'prefix'): { sql: string; args: unknown[] } {
  if (/[%_]/.test(text)) {
    const test = how === 'prefix' ? `instr(${column}, ?) = 1` : `instr(${column}, ?) > 0`;
    return { sql: `SELECT rowid FROM records_fts WHERE entity = ? AND ${test}`, args: [entity, text] };
  }
  const pattern = how === 'prefix' ? `${text}%` : `%${text}%`;
  return { sql: `SELECT rowid FROM records_fts WHERE ${column} LIKE ? AND entity = ?`, args: [pattern, entity] };
}

// A masked or hidden phone or mobile is not in the search index (record-columns.ts), so a
// number finds exactly the rows the server's search (only for those who see it) would.
function customerSearch(w: Where, search: string | undefined): void {
  const q = search?.trim();
  if (!q) return;
  const parts = [searchIds('customer', 'name', nameKeyOf(q), 'contains')];
  const digits = toHalfWidth(q).replace(/[\s\-()+]/g, '');
  if (/^\d{3,}$/.test(digits)) parts.push(searchIds('customer', 'digits', digits, 'contains'));
  const code = toHalfWidth(q).toUpperCase();
  if (/^[0-9A-Z]{4,18}$/.test(code)) parts.push(searchIds('customer', 'code', code, 'prefix'));
  w.sql.push(`rowid IN (${parts.map((p) => p.sql).join(' UNION ')})`);
  w.args.push(...parts.flatMap((p) => p.args));
}

function pageOf(db: CacheDb, entity: string, w: Where, order: { col: string; nullable: boolean; dir: 'ASC' | 'DESC' }[], page: number, pageSize: number): Page {
  const where = ['entity = ?', ...w.sql].join(' AND ');
  const args = [entity, ...w.args];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM records WHERE ${where}`).get(...args) as { n: number }).n;
  const offset = (page - 1) * pageSize;
  const read = (extra: string, by: string, limit: number, skip: number) =>
    (db.prepare(`SELECT data FROM records WHERE ${where}${extra} ORDER BY ${by} LIMIT ? OFFSET ?`).all(...args, limit, skip) as { data: string }[]).map(
      (r) => JSON.parse(r.data) as Row,
    );
  const first = order[0]!;
  if (!first.nullable) return { items: read('', order.map((o) => `${o.col} ${o.dir}`).join(', '), pageSize, offset), total };
  // Empty values last in either direction, as the server orders them. Two index-ordered reads
  // (with a value, then without) rather than a sort on an expression over every row.
  const rest = order.slice(1).map((o) => `${o.col} ${o.dir}`);
  const filled = (db.prepare(`SELECT COUNT(*) AS n FROM records WHERE ${where} AND ${first.col} IS NOT NULL`).get(...args) as { n: number }).n;
  const items: Row[] = [];
  if (offset < filled) items.push(...read(` AND ${first.col} IS NOT NULL`, [`${first.col} ${first.dir}`, ...rest].join(', '), pageSize, offset));
  if (items.length < pageSize) items.push(...read(` AND ${first.col} IS NULL`, rest.join(', '), pageSize - items.length, Math.max(0, offset - filled)));
  return { items, total };
}

export function listCustomers(db: CacheDb, input: CustomerList): Page {
  const w: Where = { sql: [], args: [] };
  customerSearch(w, input.search);
  const anyOf = (col: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    w.sql.push(`${col} IN (${marks(values.length)})`);
    w.args.push(...values);
  };
  anyOf('status', input.status);
  anyOf('level', input.level);
  anyOf('industry', input.industry);
  anyOf('source', input.source);
  if (input.region) {
    // Codes nest (31 / 3101 / 310101): a prefix names the level it stops at.
    w.sql.push('province = ?');
    w.args.push(input.region.slice(0, 2));
    if (input.region.length >= 4) {
      w.sql.push('city = ?');
      w.args.push(input.region.slice(0, 4));
    }
    if (input.region.length >= 6) {
      w.sql.push('district = ?');
      w.args.push(input.region);
    }
  }
  anyOf('owner_id', input.ownerIds);
  if (input.tags?.length) {
    w.sql.push(`id IN (SELECT customer_id FROM record_tags WHERE tag IN (${marks(input.tags.length)}))`);
    w.args.push(...input.tags);
  }
  const dir = input.order === 'asc' ? 'ASC' : 'DESC';
  const sort = SORT_COLUMN[input.sort];
  return pageOf(db, 'customer', w, [{ ...sort, dir }, { col: 'id', nullable: false, dir }], input.page, input.pageSize);
}

export function listContacts(db: CacheDb, input: ContactList): Page {
  const w: Where = { sql: [], args: [] };
  if (input.customerId) {
    w.sql.push('customer_id = ?');
    w.args.push(input.customerId);
  }
  const q = input.search?.trim();
  if (q) {
    const parts = [searchIds('contact', 'name', toHalfWidth(q).toLowerCase(), 'contains')];
    const digits = normalizeMobile(q);
    if (/^\d{3,}$/.test(digits)) parts.push(searchIds('contact', 'digits', digits, 'contains'));
    w.sql.push(`rowid IN (${parts.map((p) => p.sql).join(' UNION ')})`);
    w.args.push(...parts.flatMap((p) => p.args));
  }
  const order = input.customerId
    ? [
        { col: 'is_primary', nullable: false, dir: 'DESC' as const },
        { col: 'created_at', nullable: false, dir: 'ASC' as const },
        { col: 'id', nullable: false, dir: 'ASC' as const },
      ]
    : [
        { col: 'updated_at', nullable: false, dir: 'DESC' as const },
        { col: 'id', nullable: false, dir: 'DESC' as const },
      ];
  return pageOf(db, 'contact', w, order, input.page, input.pageSize);
}

export function listFollowUps(db: CacheDb, input: FollowUpList): Page {
  const w: Where = { sql: [], args: [] };
  if (input.customerId) {
    w.sql.push('customer_id = ?');
    w.args.push(input.customerId);
  }
  // Instants are kept as UTC text (as on the server), so "+08:00" bounds are converted first.
  if (input.from) {
    w.sql.push('at >= ?');
    w.args.push(new Date(input.from).toISOString());
  }
  if (input.to) {
    w.sql.push('at <= ?');
    w.args.push(new Date(input.to).toISOString());
  }
  return pageOf(
    db,
    'followUp',
    w,
    [
      { col: 'at', nullable: false, dir: 'DESC' },
      { col: 'id', nullable: false, dir: 'DESC' },
    ],
    input.page,
    input.pageSize,
  );
}
