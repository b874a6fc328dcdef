import { v7 as uuidv7 } from 'uuid';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { ImportSummary } from '../../../src/shared/excel/import.schema';
import { AppError } from '../../../src/shared/errors';
import type { AuditService } from '../audit/audit.service';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import { auditAs, type Actor } from '../customers/actor';
import { audienceOf, collaboratorsOf } from '../customers/customer-dto';
import { CustomerEntity } from '../customers/customer.entity';
import { ContactEntity } from '../contacts/contact.entity';
import { FollowUpEntity } from '../followups/followup.entity';
import { refreshCustomerDates } from '../followups/followup.service';
import type { ImportEntity } from '../../../src/shared/excel/import.schema';
import type { WriteTx } from '../changes/write-tx';
import { prepareBulkInsert, type PreparedInsert } from '../../db/bulk-insert';
import { IDS_PER_BATCH_ROW, ImportJobBatchEntity, ImportJobEntity, type ImportJob, type ImportJobStatus } from './import-job.entity';

const KEPT_ERRORS = 200;
const CHUNK = 500;

export interface ImportJobDto {
  id: string;
  fileName: string;
  sheet: string | null;
  status: ImportJobStatus;
  entity: string;
  onDuplicate: string;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
  startedAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
}

const toDto = (j: ImportJob): ImportJobDto => ({
  id: j.id, fileName: j.fileName, sheet: j.sheet, status: j.status, entity: j.entity, onDuplicate: j.options.onDuplicate, total: j.total, created: j.created,
  updated: j.updated, skipped: j.skipped, invalid: j.invalid, startedAt: j.startedAt, finishedAt: j.finishedAt, undoneAt: j.undoneAt,
});

// The job records of imports: opened before the first batch, the created customers listed in
// the same transaction as each batch (so after a crash the job names exactly what was applied),
// closed with the counts.
export class ImportJobs {
  constructor(private readonly deps: { db: DataSource; changes: ChangeLogService; audit: AuditService }) {}

  async open(actor: Actor, entity: ImportEntity, job: Pick<ImportJob, 'fileName' | 'sheet' | 'options'>, status: ImportJobStatus): Promise<string> {
    const id = uuidv7();
    await this.deps.db.getRepository(ImportJobEntity).insert({
      ...job, id, userId: actor.caller.user.id, entity, status, total: 0, created: 0, updated: 0, skipped: 0, invalid: 0,
      errors: [], startedAt: new Date().toISOString(), finishedAt: null, undoneAt: null,
    });
    return id;
  }

  // The ids of what the batch created: customers, or the contacts / follow-ups of such a job.
  async recordCreated(em: EntityManager, jobId: string, ids: string[]): Promise<void> {
    await this.createdItems(em, jobId, ids).run(em);
  }

  createdItems(em: EntityManager, jobId: string, ids: readonly string[]): PreparedInsert {
    const rows = [];
    for (let i = 0; i < ids.length; i += IDS_PER_BATCH_ROW) {
      const chunk = ids.slice(i, i + IDS_PER_BATCH_ROW);
      rows.push({ jobId, firstId: chunk[0]!, ids: chunk });
    }
    return prepareBulkInsert(em, ImportJobBatchEntity, rows);
  }

  // Everything the job's committed batches created, in the order written.
  async createdIds(jobId: string): Promise<string[]> {
    const batches = await this.deps.db.getRepository(ImportJobBatchEntity).find({ where: { jobId }, order: { firstId: 'ASC' } });
    return batches.flatMap((b) => b.ids);
  }

  // How many records the job's committed batches created.
  async appliedCount(jobId: string): Promise<number> {
    return (await this.createdIds(jobId)).length;
  }

  async close(jobId: string, status: ImportJobStatus, s: ImportSummary): Promise<void> {
    await this.deps.db.getRepository(ImportJobEntity).update(
      { id: jobId },
      { status, total: s.total, created: s.created, updated: s.updated, skipped: s.skipped, invalid: s.invalid, errors: s.errors.slice(0, KEPT_ERRORS), finishedAt: new Date().toISOString() },
    );
  }

  // After a crash or a kill the process that ran an import is gone: its job would stay
  // 'running' for ever. Each batch listed its created customers in the batch's own
  // transaction, so the items are exactly what was applied; the job is closed as failed
  // with that count and stays undoable.
  async failInterrupted(): Promise<{ jobId: string; applied: number }[]> {
    const repo = this.deps.db.getRepository(ImportJobEntity);
    const stuck = await repo.findBy({ status: 'running' });
    const out: { jobId: string; applied: number }[] = [];
    for (const job of stuck) {
      const applied = await this.appliedCount(job.id);
      await repo.update(
        { id: job.id, status: 'running' },
        { status: 'failed', created: applied, errors: [{ row: 0, column: '', field: '', reason: 'import.interrupted' }, ...(job.errors as ImportSummary['errors'])].slice(0, KEPT_ERRORS), finishedAt: new Date().toISOString() },
      );
      out.push({ jobId: job.id, applied });
    }
    return out;
  }

  async history(actor: Actor): Promise<ImportJobDto[]> {
    const rows = await this.deps.db.getRepository(ImportJobEntity).find({ where: { userId: actor.caller.user.id }, order: { startedAt: 'DESC' }, take: 50 });
    return rows.filter((r) => r.status !== 'dry_run').map(toDto);
  }

  // Moves the customers an import created to the recycle bin (contacts and follow-ups are
  // deleted), except those changed since (version > 1) or already deleted: someone's later
  // work is never thrown away.
  async undo(actor: Actor, jobId: string): Promise<{ removed: number; kept: number }> {
    const repo = this.deps.db.getRepository(ImportJobEntity);
    const job = await repo.findOneBy({ id: jobId, userId: actor.caller.user.id });
    if (!job || job.status === 'dry_run') throw new AppError('NOT_FOUND');
    if (job.status !== 'done' && job.status !== 'failed' && job.status !== 'cancelled') throw new AppError('VERSION_CONFLICT');
    const items = await this.createdIds(jobId);
    const me = actor.caller.user.id;
    let removed = 0;
    for (let i = 0; i < items.length; i += CHUNK) {
      const ids = items.slice(i, i + CHUNK);
      removed += await runWrite(this.deps.db, this.deps.changes, async (tx) => {
        if (job.entity !== 'customers') return removeRelated(tx, job.entity, ids, me);
        const rows = await tx.em.getRepository(CustomerEntity).findBy({ id: In(ids), version: 1, deletedAt: IsNull() });
        const collabs = await collaboratorsOf(tx.em, rows.map((r) => r.id));
        const now = new Date().toISOString();
        let n = 0;
        for (const row of rows) {
          const res = await tx.em.getRepository(CustomerEntity).update({ id: row.id, version: 1 }, { deletedAt: now, deletedById: me, updatedAt: now, version: 2 });
          if (!res.affected) continue;
          n++;
          await tx.change({ entity: 'customer', entityId: row.id, op: 'delete', customerId: row.id, userId: me, fields: null }, [
            audienceOf(row, collabs.get(row.id) ?? []),
          ]);
        }
        return n;
      });
    }
    await runWrite(this.deps.db, this.deps.changes, async (tx) => {
      await tx.em.getRepository(ImportJobEntity).update({ id: jobId }, { status: 'undone', undoneAt: new Date().toISOString() });
      const action = job.entity === 'contacts' ? 'contact.import.undo' : job.entity === 'followups' ? 'followUp.import.undo' : 'customer.import.undo';
      await auditAs(this.deps.audit, tx.em, actor, action, 'import_job', jobId, { fileName: job.fileName, removed, kept: items.length - removed });
    });
    return { removed, kept: items.length - removed };
  }
}

// Deletes the untouched contacts or follow-ups among ids; follow-ups give their customers'
// last/next follow-up dates back.
async function removeRelated(tx: WriteTx, entity: string, ids: string[], me: string): Promise<number> {
  const target = entity === 'contacts' ? ContactEntity : FollowUpEntity;
  const kind = entity === 'contacts' ? 'contact' : 'followUp';
  const repo = tx.em.getRepository<{ id: string; customerId: string }>(target);
  const rows = await repo.find({ select: { id: true, customerId: true }, where: { id: In(ids), version: 1, deletedAt: IsNull() } as never });
  if (!rows.length) return 0;
  const customers = await tx.em.getRepository(CustomerEntity).findBy({ id: In([...new Set(rows.map((r) => r.customerId))]) });
  const collabs = await collaboratorsOf(tx.em, customers.map((c) => c.id));
  const byId = new Map(customers.map((c) => [c.id, c]));
  const now = new Date().toISOString();
  let n = 0;
  for (const row of rows) {
    const res = await repo.update({ id: row.id, version: 1 } as never, { deletedAt: now, updatedAt: now, version: 2 } as never);
    if (!res.affected) continue;
    n++;
    const customer = byId.get(row.customerId)!;
    await tx.change({ entity: kind, entityId: row.id, op: 'delete', customerId: row.customerId, userId: me, fields: null }, [
      audienceOf(customer, collabs.get(customer.id) ?? []),
    ]);
  }
  if (entity === 'followups') {
    for (const c of customers) await refreshCustomerDates(tx, { row: c, collaboratorIds: collabs.get(c.id) ?? [] }, me);
  }
  return n;
}
