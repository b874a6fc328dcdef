import { In, type EntityManager } from 'typeorm';
import type { ValidRow } from '../../../src/shared/excel/validate';
import { nameKey } from '../../../src/shared/excel/validate';
import type { Caller } from '../../trpc/context';
import { ContactEntity } from '../contacts/contact.entity';
import { audienceOf, collaboratorsOf } from '../customers/customer-dto';
import { canSee, inScope } from '../customers/customer-scope';
import { CustomerEntity } from '../customers/customer.entity';
import { digitsOf } from '../customers/customer-text';

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
  const names = [...new Set(rows.map((r) => nameKey(r.customer.name)))];
  const phoneOf = (r: ValidRow) => {
    const d = digitsOf(r.customer.phone);
    return d && d.length >= MIN_PHONE_DIGITS ? d : null;
  };
  const phones = [...new Set(rows.map(phoneOf).filter((p): p is string => !!p))];
  const mobiles = [...new Set(rows.map((r) => r.contact?.mobile).filter((m): m is string => !!m))];
  const repo = em.getRepository(CustomerEntity);
  const select = { id: true, creditCode: true, nameKey: true, phoneDigits: true, ownerId: true, ownerDeptId: true, deletedAt: true } as const;
  // Deleted customers are dropped here rather than in SQL: with hundreds of keys in the IN
  // list, SQLite's planner trades the key's index for the live-rows index on deleted_at and
  // scans every live customer once per query.
  const live = <T extends { deletedAt: string | null }>(rows: T[]) => rows.filter((r) => r.deletedAt === null);
  const found = live([
    ...(codes.length ? await repo.find({ select, where: { creditCode: In(codes) } }) : []),
    ...(names.length ? await repo.find({ select, where: { nameKey: In(names) } }) : []),
    ...(phones.length ? await repo.find({ select, where: { phoneDigits: In(phones) } }) : []),
  ]);
  const byMobile = new Map<string, string>();
  if (mobiles.length) {
    const contacts = live(await em.getRepository(ContactEntity).find({ select: { customerId: true, mobile: true, deletedAt: true }, where: { mobile: In(mobiles) } }));
    const known = new Set(found.map((f) => f.id));
    const ids = [...new Set(contacts.map((c) => c.customerId))].filter((id) => !known.has(id));
    if (ids.length) found.push(...live(await repo.find({ select, where: { id: In(ids) } })));
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
      byName.get(nameKey(r.customer.name)) ??
      (phone ? byPhone.get(phone) : undefined) ??
      (mobileOwner ? byId.get(mobileOwner) : undefined);
    if (!hit) continue;
    const who = audienceOf(hit, collabs.get(hit.id) ?? []);
    out.set(r.row, { id: hit.id, visible: canSee(caller, who), writable: inScope(caller, who) });
  }
  return out;
}
