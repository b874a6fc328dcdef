import type { DataSource, EntityManager } from 'typeorm';
import type { DuplicatePolicy } from '../../../src/shared/excel/import.schema';
import { InFileDuplicates, type ValidRow } from '../../../src/shared/excel/validate';
import { AppError } from '../../../src/shared/errors';
import type { ChangeLogService, SeqSpan } from '../changes/change-log.service';
import type { BatchWriter, Statement } from '../../db/writer-thread';
import { runScripted, runWrite } from '../changes/write-tx';
import type { Actor } from '../customers/actor';
import type { CustomerService } from '../customers/customer.service';
import type { OwnerAssigner } from './import-owners';
import type { AssignableUser } from '../customers/customer-rules';
import { matchExisting } from './import-matcher';
import { planBatch, type RowAction } from './import-plan';
import { reportError, type BatchApply, type ImportRunner, type RunSummary } from './import-runner';
import { prepareImported, type PreparedCreates } from './import-writer';

interface Writing {
  // Whether the writer has answered its script.
  scripted: boolean;
  written: Promise<void>;
}

export interface CustomerRunDeps {
  db: DataSource;
  changes: ChangeLogService;
  customers: CustomerService;
  recordCreated: (em: EntityManager, ids: string[]) => Promise<void>;
  // The same rows as statements.
  createdItems: (em: EntityManager, ids: readonly string[]) => readonly Statement[];
  // Where the batches' transactions run, when not on db's own connection.
  writer: BatchWriter | null;
}

// Customers with their primary contact: duplicates by credit code, name, phone or mobile
// follow the policy; new customers get their owner from the assigner.
export class CustomerRunner implements ImportRunner<ValidRow> {
  private readonly inFile = new InFileDuplicates();
  // The change_log seqs this run's batches committed.
  private readonly written: SeqSpan[] = [];
  private readonly mayEdit: boolean;
  // The last batch sent to the writer.
  private writing: Writing | null = null;

  constructor(
    private readonly deps: CustomerRunDeps,
    private readonly actor: Actor,
    private readonly policy: DuplicatePolicy,
    private readonly owners: OwnerAssigner,
  ) {
    this.mayEdit = actor.caller.grant.permissions.has('customers.edit');
  }

  async prepareBatch(batch: readonly ValidRow[], write: boolean): Promise<BatchApply> {
    const { caller } = this.actor;
    // Outside the transaction, which may run more than once: each row is seen once.
    const inFile = this.inFile.check(batch);
    const plan = async (em: EntityManager) => planBatch(batch, inFile, await matchExisting(em, caller, batch), this.policy, this.mayEdit);
    if (!write) {
      const actions = await plan(this.deps.db.manager);
      return (summary) => this.count(actions, false, summary);
    }
    // Planned and built before the transaction, and while the batch before is being written,
    // so that a transaction holds the database (all of it, on SQLite) only for its statements.
    // The earlier batches' own rows need no reads: they are in-file repeats. Should anyone else
    // have changed a customer or contact since the reads, the plan is made again inside: the
    // duplicate check and the inserts then see the same data.
    const owners = new Map<number, AssignableUser | null>();
    const ownerOf = (r: ValidRow) => {
      if (!owners.has(r.row)) owners.set(r.row, this.owners.ownerOf(r));
      return owners.get(r.row)!;
    };
    const me = caller.user.id;
    const prepare = (em: EntityManager, acts: RowAction[]) => prepareImported(em, acts.filter((p) => p.kind === 'create').map((p) => p.row), ownerOf, me);
    const seen = await this.deps.changes.latestSeq(this.deps.db.manager);
    const planned = await plan(this.deps.db.manager);
    const prepared = prepare(this.deps.db.manager, planned);
    const writeInTransaction = async (summary: RunSummary) => {
      const actions = await runWrite(
        this.deps.db,
        this.deps.changes,
        async (tx) => {
          let acts = planned;
          let creates = prepared;
          if (await this.deps.changes.changedSince(tx.em, seen, ['customer', 'contact'], this.written)) {
            acts = await plan(tx.em);
            creates = prepare(tx.em, acts);
          }
          await creates.write(tx);
          await this.deps.recordCreated(tx.em, creates.ids);
          return acts;
        },
        this.written,
        this.deps.writer,
      );
      await this.count(actions, true, summary);
    };
    return async (summary) => {
      const writer = this.deps.writer;
      if (!writer) return writeInTransaction(summary);
      const before = this.writing;
      // Behind a batch whose script the writer has not answered yet, this one goes at once, so
      // that the writer has it at hand when it commits that one. Behind a batch that is being
      // planned again, it waits for that batch's end.
      const behind = before?.scripted === false;
      if (before && !behind) await before.written;
      const state: Writing = { scripted: false, written: Promise.resolve() };
      const { done } = this.writeAsPlanned(writer, seen, prepared, behind);
      state.written = (async () => {
        const ran = await done.finally(() => (state.scripted = true));
        if (ran) return this.count(planned, true, summary);
        // The batches stay in file order: written again once the batch before has ended.
        await before?.written;
        await writeInTransaction(summary);
      })();
      this.writing = state;
      return { written: state.written };
    };
  }

  // The batch as planned, in one message to the writer thread, unless someone changed a customer
  // or contact since the plan's reads. `behind`: sent while the batch before is still at the
  // writer, whose change_log span the writer fills in (write-tx.ts, runScripted).
  private writeAsPlanned(writer: BatchWriter, seen: number, creates: PreparedCreates, behind: boolean): { done: Promise<boolean> } {
    const { db, changes } = this.deps;
    const em = db.manager;
    return runScripted(
      writer,
      em,
      changes,
      {
        unless: changes.changedSinceQuery(em, seen, ['customer', 'contact'], this.written, behind),
        statements: [...creates.statements, ...this.deps.createdItems(em, creates.ids)],
        changes: creates.changes,
        audiences: creates.audiences,
      },
      this.written,
    );
  }

  private async count(actions: readonly RowAction[], write: boolean, summary: RunSummary): Promise<void> {
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
