import { Brackets, type EntityManager } from 'typeorm';
import { maskName } from '../../../src/shared/domain/text';
import { AppError } from '../../../src/shared/errors';
import type { Caller } from '../../trpc/context';
import { audienceOf, collaboratorsOf, userNames } from './customer-dto';
import { canSee } from './customer-scope';
import { CustomerEntity } from './customer.entity';
import { digitsOf, nameKeyOf } from './customer-text';

export interface DuplicateProbe {
  name?: string | null;
  creditCode?: string | null;
  phone?: string | null;
  excludeId?: string | null;
}

export type DuplicateField = 'creditCode' | 'name' | 'phone';

export interface DuplicateMatch {
  field: DuplicateField;
  // Only for a customer the caller may open; otherwise they learn just that one exists.
  id: string | null;
  name: string;
  owner: string;
}

// Short numbers (switchboards, "110") match too much to mean the same customer.
const MIN_PHONE_DIGITS = 7;
const HIDDEN_OWNER = '***';
const NO_OWNER = '-';

// Live customers with the same credit code, name (case- and width-insensitive) or phone
// digits. Out-of-scope ones come back with the name masked and the owner withheld.
export async function findDuplicates(em: EntityManager, caller: Caller, probe: DuplicateProbe): Promise<DuplicateMatch[]> {
  const code = probe.creditCode?.trim().toUpperCase() || null;
  const key = probe.name ? nameKeyOf(probe.name) : '';
  const digits = digitsOf(probe.phone);
  const phone = digits && digits.length >= MIN_PHONE_DIGITS ? digits : null;
  if (!code && !key && !phone) return [];
  const qb = em
    .getRepository(CustomerEntity)
    .createQueryBuilder('c')
    .select(['c.id', 'c.name', 'c.nameKey', 'c.creditCode', 'c.phoneDigits', 'c.ownerId', 'c.ownerDeptId'])
    .where('c.deletedAt IS NULL')
    .andWhere(
      new Brackets((w) => {
        w.where('1 = 0');
        if (code) w.orWhere('c.creditCode = :dCode', { dCode: code });
        if (key) w.orWhere('c.nameKey = :dKey', { dKey: key });
        if (phone) w.orWhere('c.phoneDigits = :dPhone', { dPhone: phone });
      }),
    )
    .limit(10);
  if (probe.excludeId) qb.andWhere('c.id <> :dSelf', { dSelf: probe.excludeId });
  const rows = await qb.getMany();
  if (!rows.length) return [];
  const collabs = await collaboratorsOf(em, rows.map((r) => r.id));
  const names = await userNames(em, rows.map((r) => r.ownerId));
  const matches: DuplicateMatch[] = rows.map((r) => {
    const field: DuplicateField = code && r.creditCode === code ? 'creditCode' : key && r.nameKey === key ? 'name' : 'phone';
    const visible = canSee(caller, audienceOf(r, collabs.get(r.id) ?? []));
    const owner = r.ownerId ? (names.get(r.ownerId) ?? '?') : NO_OWNER;
    return { field, id: visible ? r.id : null, name: visible ? r.name : maskName(r.name), owner: visible ? owner : HIDDEN_OWNER };
  });
  const rank: Record<DuplicateField, number> = { creditCode: 0, name: 1, phone: 2 };
  return matches.sort((a, b) => rank[a.field] - rank[b.field]);
}

export async function assertNoDuplicate(em: EntityManager, caller: Caller, probe: DuplicateProbe): Promise<void> {
  const [first] = await findDuplicates(em, caller, probe);
  if (first) throw new AppError('DUPLICATE_CUSTOMER', { field: first.field, name: first.name, owner: first.owner });
}
