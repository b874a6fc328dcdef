import { permitted, permittedLimited } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import { actorOf } from '../customers/customer.router';
import { contactExportInput, customerExportInput, exportJobInput, exportStartInput, followUpExportInput } from './export.service';

export const exportsRouter = router({
  customers: permittedLimited('customers.export', 'export')
    .input(customerExportInput)
    .mutation(({ ctx, input }) => ctx.services.exports.customers(actorOf(ctx), input)),
  // Also need the list's own view right, which the service checks.
  contacts: permittedLimited('customers.export', 'export')
    .input(contactExportInput)
    .mutation(({ ctx, input }) => ctx.services.exports.contacts(actorOf(ctx), input)),
  followUps: permittedLimited('customers.export', 'export')
    .input(followUpExportInput)
    .mutation(({ ctx, input }) => ctx.services.exports.followUps(actorOf(ctx), input)),
  // Large lists: start in the background, poll progress, cancel, fetch the file.
  start: permittedLimited('customers.export', 'export')
    .input(exportStartInput)
    .mutation(({ ctx, input }) => ctx.services.exports.start(actorOf(ctx), input)),
  progress: permitted('customers.export')
    .input(exportJobInput)
    .query(({ ctx, input }) => ctx.services.exports.jobs.progress(actorOf(ctx), input.jobId)),
  cancel: permitted('customers.export')
    .input(exportJobInput)
    .mutation(({ ctx, input }) => ctx.services.exports.jobs.cancel(actorOf(ctx), input.jobId)),
  result: permitted('customers.export')
    .input(exportJobInput)
    .mutation(({ ctx, input }) => ctx.services.exports.jobs.result(actorOf(ctx), input.jobId)),
});
