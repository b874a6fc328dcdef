import { v7 as uuidv7 } from 'uuid';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { ContactFields } from '../../../src/shared/domain/contact.schema';
import type { FollowUpFields } from '../../../src/shared/domain/followup.schema';
import type { DuplicatePolicy } from '../../../src/shared/excel/import.schema';
import type { RelatedRow, RowError } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite, type WriteTx } from '../changes/write-tx';
import type { Transactor } from '../../db/writer-thread';
import { ContactEntity, type Contact } from '../contacts/contact.entity';
import type { ContactService } from '../contacts/contact.service';
import type { Actor } from '../customers/actor';
import { audienceOf } from '../customers/customer-dto';
import type { LoadedCustomer } from '../customers/customer-rules';
import { FollowUpEntity, type FollowUp } from '../followups/followup.entity';
import { refreshCustomerDates } from '../followups/followup.service';
import { bulkInsert } from '../../db/bulk-insert';
import { resolveCustomerRefs } from './customer-refs';
import { reportError, type BatchApply, type ImportRunner, type RunSummary } from './import-runner';

export interface RelatedRunDeps {
  db: DataSource;
  changes: ChangeLogService;
  contacts: ContactService;
  recordCreated: (em: EntityManager, ids: string[]) => Promise<void>;
  // Where the batches' transactions run, when not on db's own connection.
  writer: Transactor | null;
}

type Outcome<F> =
  | { kind: 'create'; row: RelatedRow<F>; customer: LoadedCustomer; contactId?: string | null }
  | { kind: 'update'; row: RelatedRow<F>; id: string }
  | { kind: 'skip'; row: RelatedRow<F> }
  | { kind: 'invalid'; error: RowError };

// Rows that belong to a customer the file names: the customer must be one the caller may
// change. Planning runs inside the batch's transaction and may be retried, so it keeps no
// state of its own until the batch has committed.
abstract class RelatedRunner<F> implements ImportRunner<RelatedRow<F>> {
  constructor(
    protected readonly deps: RelatedRunDeps,
    protected readonly actor: Actor,
    // The column as the file names it, for row errors found while applying.
    protected readonly columnOf: (field: string) => string,
  ) {}

  protected abstract plan(em: EntityManager, rows: { row: RelatedRow<F>; customer: LoadedCustomer }[]): Promise<{ outcomes: Outcome<F>[]; commit: () => void }>;
  protected abstract insert(tx: WriteTx, created: Extract<Outcome<F>, { kind: 'create' }>[]): Promise<string[]>;
  protected async update(_o: Extract<Outcome<F>, { kind: 'update' }>): Promise<void> {}

  private async planBatch(em: EntityManager, batch: readonly RelatedRow<F>[]) {
    const refs = await resolveCustomerRefs(em, this.actor.caller, batch.map((r) => r.ref));
    const invalid: Outcome<F>[] = [];
    const found: { row: RelatedRow<F>; customer: LoadedCustomer }[] = [];
    batch.forEach((row, i) => {
      const ref = refs[i]!;
      if (ref.ok) found.push({ row, customer: ref.customer });
      else {
        const field = row.ref.creditCode ? 'customer.creditCode' : 'customer.name';
        invalid.push({ kind: 'invalid', error: { row: row.row, column: this.columnOf(field), field, reason: ref.reason, value: ref.value } });
      }
    });
    const { outcomes, commit } = await this.plan(em, found);
    return { outcomes: [...invalid, ...outcomes], commit };
  }

  // Planned inside the batch's transaction: nothing to do ahead.
  prepareBatch(batch: readonly RelatedRow<F>[], write: boolean): Promise<BatchApply> {
    return Promise.resolve((summary) => this.applyBatch(batch, write, summary));
  }

  private async applyBatch(batch: readonly RelatedRow<F>[], write: boolean, summary: RunSummary): Promise<void> {
    let planned: Awaited<ReturnType<RelatedRunner<F>['planBatch']>>;
    if (!write) planned = await this.planBatch(this.deps.db.manager, batch);
    else {
      planned = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
        const p = await this.planBatch(tx.em, batch);
        const ids = await this.insert(tx, p.outcomes.filter((o): o is Extract<Outcome<F>, { kind: 'create' }> => o.kind === 'create'));
        await this.deps.recordCreated(tx.em, ids);
        return p;
      }, undefined, this.deps.writer);
    }
    planned.commit();
    for (const o of planned.outcomes) {
      if (o.kind === 'invalid') {
        summary.invalid++;
        reportError(summary, o.error);
      } else if (o.kind === 'create') summary.created++;
      else if (o.kind === 'skip') summary.skipped++;
      else if (!write) summary.updated++;
      else {
        try {
          await this.update(o);
          summary.updated++;
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          summary.skipped++;
          reportError(summary, { row: o.row.row, column: '', field: 'contact', reason: `errors.${e.code}` });
        }
      }
    }
  }
}

// Contacts repeat by (customer, mobile), within the file and against the database; the
// policy decides what a repeat does. Contacts without a mobile are always new.
export class ContactRunner extends RelatedRunner<ContactFields> {
  private seen = new Set<string>();

  constructor(
    deps: RelatedRunDeps,
    actor: Actor,
    columnOf: (field: string) => string,
    private readonly policy: DuplicatePolicy,
  ) {
    super(deps, actor, columnOf);
  }

  protected async plan(em: EntityManager, rows: { row: RelatedRow<ContactFields>; customer: LoadedCustomer }[]) {
    const mobiles = [...new Set(rows.map((r) => r.row.fields.mobile).filter((m): m is string => !!m))];
    const ids = [...new Set(rows.map((r) => r.customer.row.id))];
    const existing = new Map<string, string>();
    if (mobiles.length && ids.length && this.policy !== 'create') {
      const found = await em.getRepository(ContactEntity).find({
        select: { id: true, customerId: true, mobile: true },
        where: { customerId: In(ids), mobile: In(mobiles), deletedAt: IsNull() },
      });
      for (const c of found) existing.set(`${c.customerId}|${c.mobile}`, c.id);
    }
    const seen = new Set(this.seen);
    const mayEdit = this.actor.caller.grant.permissions.has('contacts.edit');
    const outcomes = rows.map(({ row, customer }): Outcome<ContactFields> => {
      const key = row.fields.mobile ? `${customer.row.id}|${row.fields.mobile}` : null;
      if (!key || this.policy === 'create') return { kind: 'create', row, customer };
      const hit = existing.get(key);
      if (seen.has(key) || (hit && (this.policy === 'skip' || !mayEdit))) return { kind: 'skip', row };
      seen.add(key);
      return hit ? { kind: 'update', row, id: hit } : { kind: 'create', row, customer };
    });
    return { outcomes, commit: () => (this.seen = seen) };
  }

  protected async insert(tx: WriteTx, created: Extract<Outcome<ContactFields>, { kind: 'create' }>[]): Promise<string[]> {
    const me = this.actor.caller.user.id;
    const now = new Date().toISOString();
    const rows: Contact[] = created.map(({ row, customer }) => ({
      ...row.fields, isPrimary: false, id: uuidv7(), customerId: customer.row.id, createdById: me, createdAt: now, updatedAt: now, deletedAt: null, version: 1,
    }));
    await bulkInsert(tx.em, ContactEntity, rows);
    for (const [i, c] of rows.entries()) {
      const { customer, row } = created[i]!;
      const fields = Object.entries(row.fields).filter(([k, v]) => v !== null && k !== 'isPrimary').map(([k]) => k);
      await tx.change({ entity: 'contact', entityId: c.id, op: 'create', customerId: c.customerId, userId: me, fields }, [audienceOf(customer.row, customer.collaboratorIds)]);
    }
    return rows.map((r) => r.id);
  }

  // Through the contact service: scope, field masks and version rules as on screen. Only
  // the cells the file filled in change.
  protected override async update(o: Extract<Outcome<ContactFields>, { kind: 'update' }>): Promise<void> {
    const patch = Object.fromEntries(Object.entries(o.row.fields).filter(([k, v]) => v !== null && k !== 'isPrimary'));
    await this.deps.contacts.update(this.actor, { id: o.id, patch });
  }
}

// Follow-ups are history: every row is a new one. A contact named in the row must be one of
// that customer's contacts.
export class FollowUpRunner extends RelatedRunner<FollowUpFields> {
  protected async plan(em: EntityManager, rows: { row: RelatedRow<FollowUpFields>; customer: LoadedCustomer }[]) {
    const ids = [...new Set(rows.filter((r) => r.row.extra['followUp.contact']).map((r) => r.customer.row.id))];
    const contacts = ids.length
      ? await em.getRepository(ContactEntity).find({ select: { id: true, customerId: true, name: true }, where: { customerId: In(ids), deletedAt: IsNull() } })
      : [];
    const outcomes = rows.map(({ row, customer }): Outcome<FollowUpFields> => {
      const name = row.extra['followUp.contact'];
      if (!name) return { kind: 'create', row, customer, contactId: null };
      const hit = contacts.find((c) => c.customerId === customer.row.id && c.name.trim() === name.trim());
      if (hit) return { kind: 'create', row, customer, contactId: hit.id };
      return { kind: 'invalid', error: { row: row.row, column: this.columnOf('followUp.contact'), field: 'followUp.contact', reason: 'import.contactUnknown', value: name } };
    });
    return { outcomes, commit: () => undefined };
  }

  protected async insert(tx: WriteTx, created: Extract<Outcome<FollowUpFields>, { kind: 'create' }>[]): Promise<string[]> {
    const me = this.actor.caller.user.id;
    const now = new Date().toISOString();
    const rows: FollowUp[] = created.map(({ row, customer, contactId }) => ({
      id: uuidv7(), customerId: customer.row.id, contactId: contactId ?? null, type: row.fields.type, at: new Date(row.fields.at).toISOString(),
      content: row.fields.content, nextAt: row.fields.nextAt, createdById: me, createdAt: now, updatedAt: now, deletedAt: null, version: 1,
    }));
    await bulkInsert(tx.em, FollowUpEntity, rows);
    const customers = new Map(created.map((c) => [c.customer.row.id, c.customer]));
    for (const f of rows) {
      const customer = customers.get(f.customerId)!;
      const fields = (['type', 'at', 'content', 'contactId', 'nextAt'] as const).filter((k) => f[k] !== null);
      await tx.change({ entity: 'followUp', entityId: f.id, op: 'create', customerId: f.customerId, userId: me, fields: [...fields] }, [
        audienceOf(customer.row, customer.collaboratorIds),
      ]);
    }
    for (const customer of customers.values()) await refreshCustomerDates(tx, customer, me);
    return rows.map((r) => r.id);
  }
}
