import { revealInput } from '../../../src/shared/domain/admin.schema';
import { z } from 'zod';
import { idInput, idSchema } from '../../../src/shared/domain/common.schema';
import {
  customerCreateInput,
  customerListInput,
  customerUpdateInput,
  transferInput,
} from '../../../src/shared/domain/customer.schema';
import { permitted } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import type { Context } from '../../trpc/context';
import type { Caller } from '../../trpc/context';
import type { Actor } from './actor';
import { revealField } from './reveal';

export const actorOf = (ctx: Context & { caller: Caller }): Actor => ({ caller: ctx.caller, ip: ctx.ip });

const idsInput = z.object({ ids: z.array(idSchema).min(1).max(500) });

const duplicatesInput = z.object({
  name: z.string().trim().max(100).nullish(),
  creditCode: z.string().trim().max(18).nullish(),
  phone: z.string().trim().max(40).nullish(),
  excludeId: idSchema.nullish(),
});

export const customersRouter = router({
  list: permitted('customers.view')
    .input(customerListInput)
    .query(({ ctx, input }) => {
      // A search is a scan over every customer in scope: rate limited; plain paging is not.
      if (input.search) ctx.services.rateLimits.take(ctx.caller.user.id, 'search');
      return ctx.services.customers.list(actorOf(ctx), input);
    }),
  // Shows one masked value in clear, audited; granted to administrators (and roles given it).
  reveal: permitted('customers.reveal')
    .input(revealInput)
    .mutation(({ ctx, input }) => revealField({ db: ctx.db, audit: ctx.services.audit }, actorOf(ctx), 'customers', input.id, input.field)),
  get: permitted('customers.view')
    .input(idInput)
    .query(({ ctx, input }) => ctx.services.customers.get(actorOf(ctx), input.id)),
  create: permitted('customers.create')
    .input(customerCreateInput)
    .mutation(({ ctx, input }) => ctx.services.customers.create(actorOf(ctx), input)),
  update: permitted('customers.edit')
    .input(customerUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.customers.update(actorOf(ctx), input)),
  delete: permitted('customers.delete')
    .input(idsInput)
    .mutation(({ ctx, input }) => ctx.services.customerBin.delete(actorOf(ctx), input.ids)),
  recycleBin: permitted('customers.restore')
    .input(customerListInput)
    .query(({ ctx, input }) => ctx.services.customerBin.list(actorOf(ctx), input)),
  restore: permitted('customers.restore')
    .input(idsInput)
    .mutation(({ ctx, input }) => ctx.services.customerBin.restore(actorOf(ctx), input.ids)),
  purge: permitted('customers.purge')
    .input(idsInput)
    .mutation(({ ctx, input }) => ctx.services.customerBin.purge(actorOf(ctx), input.ids)),
  transfer: permitted('customers.transfer')
    .input(transferInput)
    .mutation(({ ctx, input }) => ctx.services.ownership.transfer(actorOf(ctx), input)),
  ownerHistory: permitted('customers.view')
    .input(idInput)
    .query(({ ctx, input }) => ctx.services.ownership.history(actorOf(ctx), input.id)),
  tags: permitted('customers.view').query(({ ctx }) => ctx.services.customers.tags(actorOf(ctx))),
  checkDuplicates: permitted('customers.view')
    .input(duplicatesInput)
    .query(({ ctx, input }) => ctx.services.customers.checkDuplicates(actorOf(ctx), input)),
});
