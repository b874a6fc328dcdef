import { z } from 'zod';
import { idInput } from '../../../src/shared/domain/common.schema';
import {
  blankTemplateInput,
  importEntityInput,
  importFileInput,
  importJobInput,
  importRunInput,
  mappingTemplateSaveInput,
} from '../../../src/shared/excel/import.schema';
import { LOCALES } from '../../../src/shared/i18n';
import { permitted, permittedLimited } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';
import { actorOf } from '../customers/customer.router';
import { blankTemplate } from './blank-template';

export const importsRouter = router({
  // Mutations, not queries: the file travels in the body, never in a URL. The four that read a
  // whole file are rate limited; progress is polled and stays free. Contacts and follow-ups
  // also need their own create right, which the service checks.
  preview: permittedLimited('customers.import', 'import')
    .input(importFileInput)
    .mutation(({ ctx, input }) => ctx.services.imports.preview(actorOf(ctx), input)),
  dryRun: permittedLimited('customers.import', 'import')
    .input(importRunInput)
    .mutation(({ ctx, input }) => ctx.services.imports.dryRun(actorOf(ctx), input)),
  commit: permittedLimited('customers.import', 'import')
    .input(importRunInput)
    .mutation(({ ctx, input }) => ctx.services.imports.commit(actorOf(ctx), input)),
  errorReport: permittedLimited('customers.import', 'import')
    .input(importRunInput.extend({ lang: z.enum(LOCALES).default('zh-CN') }))
    .mutation(async ({ ctx, input }) => ({ data: await ctx.services.imports.errorReport(actorOf(ctx), input, input.lang) })),
  progress: permitted('customers.import')
    .input(importJobInput)
    .query(({ ctx, input }) => ctx.services.imports.progress(actorOf(ctx), input.jobId)),
  cancel: permitted('customers.import')
    .input(importJobInput)
    .mutation(({ ctx, input }) => ctx.services.imports.cancel(actorOf(ctx), input.jobId)),
  history: permitted('customers.import').query(({ ctx }) => ctx.services.imports.history(actorOf(ctx))),
  undo: permitted('customers.import')
    .input(idInput)
    .mutation(({ ctx, input }) => ctx.services.imports.undo(actorOf(ctx), input.id)),
  templates: permitted('customers.import')
    .input(importEntityInput)
    .query(({ ctx, input }) => ctx.services.imports.templates.list(actorOf(ctx), input.entity)),
  saveTemplate: permitted('customers.import')
    .input(mappingTemplateSaveInput)
    .mutation(({ ctx, input }) => ctx.services.imports.templates.save(actorOf(ctx), input)),
  deleteTemplate: permitted('customers.import')
    .input(idInput)
    .mutation(({ ctx, input }) => ctx.services.imports.templates.delete(actorOf(ctx), input.id)),
  blankTemplate: permitted('customers.import')
    .input(blankTemplateInput)
    .query(({ input }) => blankTemplate(input.entity, input.lang)),
});
