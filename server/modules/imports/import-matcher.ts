import type { EntityManager } from 'typeorm';
import type { ValidRow } from '../../../src/shared/excel/validate';
import type { Caller } from '../../trpc/context';
import { audienceOf, collaboratorsOf } from '../customers/customer-dto';
import { canSee, inScope } from '../customers/customer-scope';
import { selectIn } from '../../db/select-in';

export interface ExistingMatch {
  id: string;
  // The caller may open it / may change it (same rules as the customer screens).
  visible: boolean;
  writable: boolean;
}

const MIN_PHONE_DIGITS = 7;

// The live customer each row repeats (by credit code, name, company phone or a contact's
// mobile), found with a handful of queries per batch rather than one per row.
export async function matchExisting(em: EntityManager, caller: Caller, rows: readonly ValidRow[]): Promise<Map<number, ExistingMatch>> {
  const codes = [...new Set(rows.map((r) => r.customer.creditCode).filter((c): c is string => !!c))];
  const names = [...new Set(rows.map((r) => r.keys.name))];
  const phoneOf = (r: ValidRow) => {
    const d = r.keys.phone;
    return d && d.length >= MIN_PHONE_DIGITS ? d : null;
  };
  const phones = [...new Set(rows.map(phoneOf).filter((p): p is string => !!p))];
  const mobiles = [...new Set(rows.map((r) => r.contact?.mobile).filter((m): m is string => !!m))];
  type Found = { id: string; creditCode: string | null; nameKey: string; phoneDigits: string | null; ownerId: string | null; ownerDeptId: string | null; deletedAt: string | null };
  const columns = { id: 'id', creditCode: 'credit_code', nameKey: 'name_key', phoneDigits: 'phone_digits', ownerId: 'owner_id', ownerDeptId: 'owner_dept_id', deletedAt: 'deleted_at' };
  const customersBy = (key: string, values: readonly string[]) => (values.length ? selectIn<Found>(em, 'customers', columns, key, values) : Promise.resolve([]));
  // Deleted customers are dropped here rather than in SQL: with hundreds of keys in the IN
  // list, SQLite's planner trades the key's index for the live-rows index on deleted_at and
  // scans every live customer once per query.
  const live = <T extends { deletedAt: string | null }>(rows: T[]) => rows.filter((r) => r.deletedAt === null);
  const found = live([
    ...(await customersBy('credit_code', codes)),
    ...(await customersBy('name_key', names)),
    ...(await customersBy('phone_digits', phones)),
  ]);
  const byMobile = new Map<string, string>();
  if (mobiles.length) {
    const contacts = live(await selectIn<{ customerId: string; mobile: string | null; deletedAt: string | null }>(em, 'contacts', { customerId: 'customer_id', mobile: 'mobile', deletedAt: 'deleted_at' }, 'mobile', mobiles));
    const known = new Set(found.map((f) => f.id));
    const ids = [...new Set(contacts.map((c) => c.customerId))].filter((id) => !known.has(id));
    if (ids.length) found.push(...live(await customersBy('id', ids)));
    for (const c of contacts) if (c.mobile && !byMobile.has(c.mobile)) byMobile.set(c.mobile, c.customerId);
  }
  const byCode = new Map<string, (typeof found)[number]>();
  const byName = new Map<string, (typeof found)[number]>();
  const byPhone = new Map<string, (typeof found)[number]>();
  const byId = new Map(found.map((f) => [f.id, f]));
  for (const f of found) {
    if (f.creditCode) byCode.set(f.creditCode, f);
    if (f.nameKey) byName.set(f.nameKey, f);
    if (f.phoneDigits) byPhone.set(f.phoneDigits, f);
  }
  const collabs = await collaboratorsOf(em, [...byId.keys()]);
  const out = new Map<number, ExistingMatch>();
  for (const r of rows) {
    const phone = phoneOf(r);
    const mobileOwner = r.contact?.mobile ? byMobile.get(r.contact.mobile) : undefined;
    const hit =
      (r.customer.creditCode ? byCode.get(r.customer.creditCode) : undefined) ??
      byName.get(r.keys.name) ??
      (phone ? byPhone.get(phone) : undefined) ??
      (mobileOwner ? byId.get(mobileOwner) : undefined);
    if (!hit) continue;
    const who = audienceOf(hit, collabs.get(hit.id) ?? []);
    out.set(r.row, { id: hit.id, visible: canSee(caller, who), writable: inScope(caller, who) });
  }
  return out;
}
