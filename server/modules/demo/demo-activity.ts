import type { Contact } from '../contacts/contact.entity';
import type { FollowUp } from '../followups/followup.entity';
import { chinaDate, DAY, email, followUpContent, landline, mobile, personName, wechat } from './demo-fakes';
import { COMPANY_TITLES, GOVERNMENT_TITLES, type DemoCity } from './demo-words';
import type { Random } from './random';

// The people at a demo customer and the history of talking to them.

export interface Actor {
  userId: string;
  departmentId: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function buildContacts(
  r: Random,
  c: {
    customerId: string;
    kind: 'company' | 'individual' | 'government';
    city: DemoCity;
    createdAt: number;
    worker: Actor;
    site: string | null;
    // An individual customer's one contact is the person.
    personName: string | null;
    id: (ms: number) => string;
  },
): Contact[] {
  const n = c.personName ? 1 : r.weighted([[1, 40], [2, 35], [3, 25]] as const);
  const titles = c.kind === 'government' ? GOVERNMENT_TITLES : COMPANY_TITLES;
  const out: Contact[] = [];
  for (let k = 0; k < n; k++) {
    const role = c.personName ? null : r.pick(titles);
    const mob = r.chance(0.9) ? mobile(r) : null;
    const at = iso(c.createdAt + k);
    out.push({
      id: c.id(c.createdAt + k),
      customerId: c.customerId,
      name: c.personName ?? personName(r),
      title: role?.title ?? null,
      department: role?.department ?? null,
      mobile: mob,
      phone: r.chance(0.3) ? `${landline(r, c.city)}${r.chance(0.4) ? ` 转 ${r.int(800, 8999)}` : ''}` : null,
      email: r.chance(0.5) ? email(r, c.site) : null,
      wechat: r.chance(0.45) ? wechat(r, mob) : null,
      birthday: r.chance(0.2) ? `${r.int(1965, 1998)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}` : null,
      isPrimary: k === 0,
      decisionRole: role?.role ?? null,
      remarks: r.chance(0.05) ? '习惯电话沟通，邮件回复较慢。' : null,
      createdById: c.worker.userId,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      version: 1,
    });
  }
  return out;
}

// `count` follow-ups between the customer's creation and `latest`, the last one at `latest`'s
// day, in office hours (China time), oldest first.
export function buildFollowUps(
  r: Random,
  c: {
    customerId: string;
    contacts: Contact[];
    city: DemoCity;
    createdAt: number;
    latest: number | null;
    count: number;
    worker: Actor;
    inPool: boolean;
    now: number;
    id: (ms: number) => string;
  },
): FollowUp[] {
  if (c.latest === null || c.count === 0) return [];
  const latest = c.latest;
  // Distinct instants a minute apart at least, so "the last follow-up" is never a tie.
  const ceiling = Math.max(c.createdAt, c.now - c.count * 60_000);
  const officeHours = (t: number) => {
    const chinaMidnight = Math.floor((t + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000;
    const at = chinaMidnight + r.int(9 * 3_600_000, 18 * 3_600_000);
    return Math.min(Math.max(at, c.createdAt), ceiling);
  };
  const times = [latest, ...Array.from({ length: c.count - 1 }, () => c.createdAt + r.int(0, latest - c.createdAt))]
    .map(officeHours)
    .sort((a, b) => a - b);
  for (let k = 1; k < times.length; k++) times[k] = Math.max(times[k]!, times[k - 1]! + 60_000);
  return times.map((at, k) => {
    const last = k === times.length - 1;
    const contact = r.chance(0.8) ? r.pick(c.contacts) : null;
    const plansNext = last ? r.chance(c.inPool ? 0.3 : 0.75) : r.chance(0.4);
    return {
      id: c.id(at),
      customerId: c.customerId,
      contactId: contact?.id ?? null,
      type: r.weighted([['call', 35], ['wechat', 25], ['visit', 15], ['meeting', 10], ['email', 10], ['other', 5]] as const),
      at: iso(at),
      content: followUpContent(r, contact?.name ?? null, c.city),
      nextAt: plansNext ? chinaDate(at + r.int(1, last ? 30 : 14) * DAY) : null,
      createdById: c.worker.userId,
      createdAt: iso(at),
      updatedAt: iso(at),
      deletedAt: null,
      version: 1,
    };
  });
}
