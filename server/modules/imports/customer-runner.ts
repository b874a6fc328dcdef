import type { DataSource, EntityManager } from 'typeorm';
import type { DuplicatePolicy } from '../../../src/shared/excel/import.schema';
import { InFileDuplicates, type ValidRow } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import type { ChangeLogService } from '../changes/change-log.service';
import { runWrite } from '../changes/write-tx';
import type { Actor } from '../customers/actor';
import type { CustomerService } from '../customers/customer.service';
import type { OwnerAssigner } from './import-owners';
import { matchExisting } from './import-matcher';
import { planBatch, type RowAction } from './import-plan';
import { reportError, type ImportRunner, type RunSummary } from './import-runner';
import { insertImported } from './import-writer';

export interface CustomerRunDeps {
  db: DataSource;
  changes: ChangeLogService;
  customers: CustomerService;
  recordCreated: (em: EntityManager, ids: string[]) => Promise<void>;
}

// Customers with their primary contact: duplicates by credit code, name, phone or mobile
// follow the policy; new customers get their owner from the assigner.
export class CustomerRunner implements ImportRunner<ValidRow> {
  private readonly inFile = new InFileDuplicates();
  private readonly mayEdit: boolean;

  constructor(
    private readonly deps: CustomerRunDeps,
    private readonly actor: Actor,
    private readonly policy: DuplicatePolicy,
    private readonly owners: OwnerAssigner,
  ) {
    this.mayEdit = actor.caller.grant.permissions.has('customers.edit');
  }

  async applyBatch(batch: readonly ValidRow[], write: boolean, summary: RunSummary): Promise<void> {
    const { caller } = this.actor;
    // Outside the transaction, which may run more than once: each row is seen once.
    const inFile = this.inFile.check(batch);
    let actions: RowAction[];
    if (!write) {
      actions = planBatch(batch, inFile, await matchExisting(this.deps.db.manager, caller, batch), this.policy, this.mayEdit);
    } else {
      // One transaction per batch: the duplicate check and the inserts see the same data.
      actions = await runWrite(this.deps.db, this.deps.changes, async (tx) => {
        const planned = planBatch(batch, inFile, await matchExisting(tx.em, caller, batch), this.policy, this.mayEdit);
        const created = planned.filter((p) => p.kind === 'create').map((p) => p.row);
        const ids = await insertImported(tx, created, (r) => this.owners.ownerOf(r), caller.user.id);
        await this.deps.recordCreated(tx.em, ids);
        return planned;
      });
    }
    for (const act of actions) {
      if (act.kind === 'create') summary.created++;
      else if (act.kind === 'skip') summary.skipped++;
      else if (!write) summary.updated++;
      else await this.updateOne(act, summary);
    }
  }

  // Through the customer service, so that scope, field masks, duplicate and version rules are
  // exactly those of an edit on screen. Only the columns the file filled in change.
  private async updateOne(act: Extract<RowAction, { kind: 'update' }>, summary: RunSummary): Promise<void> {
    const patch = Object.fromEntries(act.row.provided.map((k) => [k, act.row.customer[k]]));
    try {
      await this.deps.customers.update(this.actor, { id: act.id, patch });
      summary.updated++;
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      summary.skipped++;
      reportError(summary, { row: act.row.row, column: '', field: 'customer', reason: `errors.${e.code}` });
    }
  }
}
