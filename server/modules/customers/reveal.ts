import type { DataSource } from 'typeorm';
import { AppError } from '../../../src/shared/errors';
import type { AuditService } from '../audit/audit.service';
import { loadContact } from '../contacts/contact.service';
import { auditAs, type Actor } from './actor';
import { loadCustomer } from './customer-rules';
import { CONTACT_SENSITIVE, CUSTOMER_SENSITIVE, visibilityOf, type MaskedModule } from './field-mask';

// Shows one masked value in clear, on explicit request, and records that it was shown. Only
// masked fields can be revealed: a hidden field stays hidden, whatever the permission.
export async function revealField(
  deps: { db: DataSource; audit: AuditService },
  actor: Actor,
  module: MaskedModule,
  id: string,
  field: string,
): Promise<{ value: string | null }> {
  const allowed: readonly string[] = module === 'customers' ? CUSTOMER_SENSITIVE : CONTACT_SENSITIVE;
  if (!allowed.includes(field)) throw new AppError('VALIDATION', {}, [{ path: 'field', message: 'validation.enum' }]);
  const vis = visibilityOf(actor.caller, module, field);
  if (vis === 'hidden') throw new AppError('FORBIDDEN', { field: `${module}.${field}` });
  return deps.db.transaction(async (em) => {
    const row: object =
      module === 'customers' ? (await loadCustomer(em, actor.caller, id, 'read')).row : (await loadContact(em, actor.caller, id, 'read')).contact;
    const value = ((row as Record<string, unknown>)[field] as string | null) ?? null;
    // Revealing what the caller already sees in clear reveals nothing; only masked values are audited.
    if (vis === 'masked' && value !== null) {
      await auditAs(deps.audit, em, actor, module === 'customers' ? 'customer.reveal' : 'contact.reveal', module === 'customers' ? 'customer' : 'contact', id, { field });
    }
    return { value };
  });
}
