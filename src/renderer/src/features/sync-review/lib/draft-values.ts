import type { CustomerFormValues } from '../../customers/components/customer-form-values';

// Pure (no API client here): the unit tests run it under Node.
interface RefusedChange {
  kind: 'create' | 'update' | 'delete';
  entity: 'customer' | 'contact' | 'followUp';
  exists: boolean;
  values: Record<string, unknown> | null;
  customerId: string | null;
}

// A refused create goes back to a new form; a refused edit to the record's edit form while
// the user can still see the record. Follow-ups are written inline on the customer's page and
// deletions have nothing to edit: those can only be discarded.
export function canReopen(entry: RefusedChange): boolean {
  if (entry.kind === 'delete' || !entry.values || entry.entity === 'followUp') return false;
  if (entry.kind === 'update') return entry.exists;
  return entry.entity === 'customer' || entry.customerId !== null;
}

const REGION = ['province', 'city', 'district'] as const;

// The customer API's fields as the customer form holds them (the region codes are one value).
export function customerDraft(values: Record<string, unknown>, base: CustomerFormValues): CustomerFormValues {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(values)) if (!(REGION as readonly string[]).includes(k) && k !== 'id') out[k] = v;
  if (REGION.some((k) => k in values)) out.region = REGION.map((k) => values[k]).filter((c): c is string => typeof c === 'string' && c !== '');
  return out as unknown as CustomerFormValues;
}
