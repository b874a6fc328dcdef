import { revealInput } from '../../../src/shared/domain/admin.schema';
import { idInput } from '../../../src/shared/domain/common.schema';
import { contactCreateInput, contactListInput, contactUpdateInput } from '../../../src/shared/domain/contact.schema';
import { permitted } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import { actorOf } from '../customers/customer.router';
import { revealField } from '../customers/reveal';

export const contactsRouter = router({
  list: permitted('contacts.view')
    .input(contactListInput)
    .query(({ ctx, input }) => ctx.services.contacts.list(actorOf(ctx), input)),
  reveal: permitted('contacts.reveal')
    .input(revealInput)
    .mutation(({ ctx, input }) => revealField({ db: ctx.db, audit: ctx.services.audit }, actorOf(ctx), 'contacts', input.id, input.field)),
  get: permitted('contacts.view')
    .input(idInput)
    .query(({ ctx, input }) => ctx.services.contacts.get(actorOf(ctx), input.id)),
  create: permitted('contacts.create')
    .input(contactCreateInput)
    .mutation(({ ctx, input }) => ctx.services.contacts.create(actorOf(ctx), input)),
  update: permitted('contacts.edit')
    .input(contactUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.contacts.update(actorOf(ctx), input)),
  delete: permitted('contacts.delete')
    .input(idInput)
    .mutation(({ ctx, input }) => ctx.services.contacts.delete(actorOf(ctx), input.id)),
});
