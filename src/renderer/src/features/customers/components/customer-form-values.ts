import type { CustomerDto, CustomerFieldsInput } from '../../../../../shared/domain/customer.schema';

// What the form edits: like the API fields, but the three region codes are one cascader value.
export interface CustomerFormValues {
  kind: 'company' | 'individual';
  name: string;
  creditCode?: string | null;
  level?: string | null;
  status: string;
  industry?: string | null;
  source?: string | null;
  region?: string[];
  address?: string | null;
  phone?: string | null;
  website?: string | null;
  tags: string[];
  parentId?: string | null;
  collaboratorIds: string[];
  remarks?: string | null;
}

export const EMPTY_CUSTOMER: CustomerFormValues = { kind: 'company', name: '', status: 'potential', tags: [], collaboratorIds: [] };

const blank = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v);

export function toFields(v: CustomerFormValues): CustomerFieldsInput {
  const [province = null, city = null, district = null] = v.region ?? [];
  return {
    kind: v.kind,
    name: v.name,
    creditCode: v.kind === 'individual' ? null : blank(v.creditCode),
    level: (v.level ?? null) as CustomerFieldsInput['level'],
    status: v.status as CustomerFieldsInput['status'],
    industry: (v.industry ?? null) as CustomerFieldsInput['industry'],
    source: (v.source ?? null) as CustomerFieldsInput['source'],
    province,
    city,
    district,
    address: blank(v.address),
    phone: blank(v.phone),
    website: blank(v.website),
    tags: v.tags ?? [],
    parentId: v.parentId ?? null,
    collaboratorIds: v.collaboratorIds ?? [],
    remarks: blank(v.remarks),
  };
}

export function fromDto(c: CustomerDto): CustomerFormValues {
  return {
    kind: c.kind,
    name: c.name,
    creditCode: c.creditCode,
    level: c.level,
    status: c.status,
    industry: c.industry,
    source: c.source,
    region: [c.province, c.city, c.district].filter((x): x is string => !!x),
    address: c.address,
    phone: c.phone,
    website: c.website,
    tags: c.tags,
    parentId: c.parent?.id ?? null,
    collaboratorIds: c.collaborators.map((u) => u.id),
    remarks: c.remarks,
  };
}

// Only what the user changed goes into an update: untouched fields may hold masked text
// (138****5678) that must never be written back.
export function changedFields(before: CustomerFormValues, after: CustomerFormValues): Partial<CustomerFieldsInput> {
  const a = toFields(before) as Record<string, unknown>;
  const b = toFields(after) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(b)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) patch[k] = b[k];
  // The region is checked as a whole (a city must sit in its province), so it travels whole.
  if ('province' in patch || 'city' in patch || 'district' in patch) Object.assign(patch, { province: b.province, city: b.city, district: b.district });
  return patch as Partial<CustomerFieldsInput>;
}
