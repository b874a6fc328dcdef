import { maskValue } from '../../../src/shared/domain/text';
import { AppError } from '../../../src/shared/errors';
import { fieldVisibility } from '../../../src/shared/permissions/can';
import type { FieldVisibility, SensitiveField } from '../../../src/shared/permissions/catalog';
import type { Caller } from '../../trpc/context';

// Field rules are enforced here, on the server: a masked value never leaves it in clear and a
// value the caller was never shown can never be written back over the real one.
export type MaskedModule = 'customers' | 'contacts';

export const CUSTOMER_SENSITIVE = ['phone', 'address'] as const;
export const CONTACT_SENSITIVE = ['mobile', 'phone', 'email', 'wechat'] as const;

export function visibilityOf(caller: Caller, module: MaskedModule, field: string): FieldVisibility {
  return fieldVisibility(caller.grant, `${module}.${field}` as SensitiveField);
}

// What the caller is shown for a stored value.
export function shownValue(vis: FieldVisibility, value: string | null): string | null {
  if (vis === 'hidden' || value === null) return null;
  return vis === 'masked' ? maskValue(value) : value;
}

export function maskDto<T extends object>(
  caller: Caller,
  module: MaskedModule,
  fields: readonly string[],
  dto: T,
): T & { maskedFields: string[]; hiddenFields: string[] } {
  const out = dto as T & Record<string, unknown> & { maskedFields: string[]; hiddenFields: string[] };
  out.maskedFields = [];
  out.hiddenFields = [];
  for (const f of fields) {
    const vis = visibilityOf(caller, module, f);
    if (vis === 'visible') continue;
    (out as Record<string, unknown>)[f] = shownValue(vis, (out[f] as string | null | undefined) ?? null);
    (vis === 'masked' ? out.maskedFields : out.hiddenFields).push(f);
  }
  return out;
}

// Drops patch entries that merely echo what the caller was shown (a form sending back
// 138****5678 or an empty hidden field) and refuses real writes to fields they cannot see.
export function guardPatch(
  caller: Caller,
  module: MaskedModule,
  fields: readonly string[],
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): void {
  for (const f of fields) {
    if (patch[f] === undefined) continue;
    const vis = visibilityOf(caller, module, f);
    if (vis === 'visible') continue;
    if ((patch[f] ?? null) === shownValue(vis, (current[f] as string | null) ?? null)) delete patch[f];
    else throw new AppError('FORBIDDEN', { field: `${module}.${f}` });
  }
}

// The value an audit entry may hold for this actor: never more than they could see.
export function auditValue(caller: Caller, module: MaskedModule, field: string, value: unknown): unknown {
  if (!(fields(module) as readonly string[]).includes(field)) return value;
  const vis = visibilityOf(caller, module, field);
  if (vis === 'visible' || value === null || value === undefined) return value;
  return vis === 'masked' ? maskValue(String(value)) : '***';
}

const fields = (m: MaskedModule) => (m === 'customers' ? CUSTOMER_SENSITIVE : CONTACT_SENSITIVE);
