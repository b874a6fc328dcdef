import { permittedLimited } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import { actorOf } from '../customers/customer.router';
import { customerExportInput } from './export.service';

export const exportsRouter = router({
  customers: permittedLimited('customers.export', 'export')
    .input(customerExportInput)
    .mutation(({ ctx, input }) => ctx.services.exports.customers(actorOf(ctx), input)),
});
