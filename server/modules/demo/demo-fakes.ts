import { creditCodeCheckChar } from '../../../src/shared/domain/credit-code';
import type { Industry } from '../../../src/shared/domain/customer.schema';
import type { RegionNode } from '../../../src/shared/domain/regions';
import {
  FOLLOW_UP_TEMPLATES,
  GIVEN_NAME_CHARS,
  GOVERNMENT_BODIES,
  INDUSTRY_WORDS,
  PRODUCTS,
  ROADS,
  SURNAMES,
  TRADE_NAME_FIRST,
  TRADE_NAME_SECOND,
  type DemoCity,
} from './demo-words';
import type { Random } from './random';

// Single values for the demo generator: names, numbers and texts that look real.

export function personName(r: Random): string {
  const given = r.chance(0.3) ? r.pick(GIVEN_NAME_CHARS) : r.pick(GIVEN_NAME_CHARS) + r.pick(GIVEN_NAME_CHARS);
  return r.pickFront(SURNAMES) + given;
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];

export function mobile(r: Random): string {
  return r.pick(MOBILE_PREFIXES) + r.digits(8);
}

export function landline(r: Random, city: DemoCity): string {
  if (r.chance(0.05)) return `400-${r.int(600, 899)}-${r.digits(4)}`;
  return `${city.areaCode}-${r.int(2, 8)}${r.digits(7)}`;
}

// 组织机构代码 (GB 11714): eight characters and a check character.
function organisationCode(serial: number): string {
  const body = String(serial % 100_000_000).padStart(8, '0');
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  const c9 = 11 - (sum % 11);
  return body + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9));
}

// 统一社会信用代码: registration authority + type, the 6-digit division code, the
// organisation code, then the check character. Distinct serials give distinct codes.
export function creditCode(kind: 'company' | 'government', division: string, serial: number): string {
  const first17 = (kind === 'government' ? '11' : '91') + division.padEnd(6, '0') + organisationCode(serial);
  return first17 + creditCodeCheckChar(first17)!;
}

export function tradeName(r: Random): string {
  return r.pick(TRADE_NAME_FIRST) + r.pick(TRADE_NAME_SECOND);
}

export function companyName(r: Random, city: DemoCity, industry: Exclude<Industry, 'government'>): string {
  const trade = tradeName(r);
  const word = r.pick(INDUSTRY_WORDS[industry]);
  const suffix = r.weighted([['有限公司', 80], ['股份有限公司', 12], ['集团有限公司', 8]] as const);
  // Some firms put the place in brackets after the trade name: 星辰（上海）信息技术有限公司
  return r.chance(0.1) ? `${trade}（${city.short}）${word}${suffix}` : `${city.short}${trade}${word}${suffix}`;
}

export function governmentName(r: Random, city: DemoCity, district: RegionNode | null): string {
  return `${city.cityName}${district?.name ?? ''}${r.pick(GOVERNMENT_BODIES)}`;
}

export function address(r: Random, district: RegionNode | null): string {
  const building = r.chance(0.5) ? `${r.int(1, 12)}号楼${r.int(1, 25)}0${r.int(1, 9)}室` : '';
  return `${district?.name ?? ''}${r.pick(ROADS)}${r.int(1, 999)}号${building}`;
}

export function domain(r: Random): string {
  return r.letters(4, 10) + r.pick(['.com', '.com.cn', '.cn', '.net']);
}

export function email(r: Random, companyDomain: string | null): string {
  if (companyDomain && r.chance(0.6)) return `${r.letters(3, 8)}@${companyDomain}`;
  return r.chance(0.5) ? `${r.int(1, 9)}${r.digits(r.int(6, 9))}@qq.com` : `${r.letters(4, 9)}${r.digits(r.int(0, 4))}@${r.pick(['163.com', '126.com', 'sina.com'])}`;
}

export function wechat(r: Random, mobileNumber: string | null): string {
  if (mobileNumber && r.chance(0.3)) return mobileNumber;
  return r.chance(0.5) ? `wxid_${r.letters(10, 14)}` : `${r.letters(4, 8)}${r.digits(r.int(2, 4))}`;
}

export function followUpContent(r: Random, contactName: string | null, city: DemoCity): string {
  return r
    .pick(FOLLOW_UP_TEMPLATES)
    .replace('{contact}', contactName ?? '对接人')
    .replace('{product}', r.pick(PRODUCTS))
    .replace('{month}', String(r.int(1, 12)))
    .replace('{amount}', String(r.int(3, 300)))
    .replace('{city}', city.short);
}

export const DAY = 86_400_000;

// YYYY-MM-DD of an instant in China (UTC+8), which is where the dates are meant.
export function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
