import { z } from 'zod';
import { changePasswordInput } from '../../../shared/domain/auth.schema';
import { idInput } from '../../../shared/domain/common.schema';
import { contactCreateInput, contactListInput, contactUpdateInput } from '../../../shared/domain/contact.schema';
import { customerCreateInput, customerListInput, customerUpdateInput, releaseInput, transferInput } from '../../../shared/domain/customer.schema';
import { followUpCreateInput, followUpListInput, followUpUpdateInput } from '../../../shared/domain/followup.schema';
import { blankTemplateInput, importEntityInput, importJobInput, mappingTemplateSaveInput } from '../../../shared/excel/import.schema';
import type { LiveInput, SourceInput } from '../data/data-source';
import { adminRouter } from './admin-router';
import { syncRouter } from './sync-router';
import { loginTwoFactorProcedure, twoFactorRouter } from './two-factor-router';
import { checked, publicProcedure, router, serverShaped, signedInProcedure } from './trpc';

// The API the renderer talks to (over Electron IPC, or the dev/test bridge). Names and
// types mirror the server's; each procedure forwards to the data source. The renderer never
// reaches the server itself and never sees the session token.
//
// Input is checked here with the shared schema the server uses for that procedure, so a bad
// form fails fast with the same field errors; where the server's schema is its own
// (serverShaped), the server validates and its errors come back in the same shape.
const q = signedInProcedure;

const sessionRouter = router({
  state: publicProcedure.query(({ ctx }) => ctx.session.state()),
  login: publicProcedure
    .input(
      checked(
        z.object({
          serverUrl: z.string().max(500),
          username: z.string().trim().min(1, { message: 'validation.required' }).max(100),
          password: z.string().min(1, { message: 'validation.required' }).max(256),
        }),
      ),
    )
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.session.login(input);
      // The user's offline cache is open (or wiped) before the UI asks for anything.
      await ctx.sync.settled();
      return user;
    }),
  loginTwoFactor: loginTwoFactorProcedure,
  twoFactor: twoFactorRouter,
  logout: publicProcedure.mutation(({ ctx }) => ctx.session.logout()),
  changePassword: q.input(checked(changePasswordInput)).mutation(({ ctx, input }) => ctx.session.changePassword(input)),
  forgetProfile: publicProcedure.input(checked(z.object({ id: z.string().max(100) }))).mutation(({ ctx, input }) => ctx.session.forgetProfile(input.id)),
});

const customersRouter = router({
  list: q.input(checked(customerListInput)).query(({ ctx, input }) => ctx.source.customers.list(input)),
  get: q.input(checked(idInput)).query(({ ctx, input }) => ctx.source.customers.get(input)),
  create: q.input(checked(customerCreateInput)).mutation(({ ctx, input }) => ctx.source.customers.create(input)),
  update: q.input(checked(customerUpdateInput)).mutation(({ ctx, input }) => ctx.source.customers.update(input)),
  delete: q.input(serverShaped<SourceInput<'customers', 'delete'>>()).mutation(({ ctx, input }) => ctx.source.customers.delete(input)),
  recycleBin: q.input(checked(customerListInput)).query(({ ctx, input }) => ctx.source.customers.recycleBin(input)),
  restore: q.input(serverShaped<SourceInput<'customers', 'restore'>>()).mutation(({ ctx, input }) => ctx.source.customers.restore(input)),
  purge: q.input(serverShaped<SourceInput<'customers', 'purge'>>()).mutation(({ ctx, input }) => ctx.source.customers.purge(input)),
  transfer: q.input(checked(transferInput)).mutation(({ ctx, input }) => ctx.source.customers.transfer(input)),
  ownerHistory: q.input(checked(idInput)).query(({ ctx, input }) => ctx.source.customers.ownerHistory(input)),
  tags: q.input(serverShaped<SourceInput<'customers', 'tags'>>()).query(({ ctx, input }) => ctx.source.customers.tags(input)),
  checkDuplicates: q
    .input(serverShaped<SourceInput<'customers', 'checkDuplicates'>>())
    .query(({ ctx, input }) => ctx.source.customers.checkDuplicates(input)),
  reveal: q.input(serverShaped<SourceInput<'customers', 'reveal'>>()).mutation(({ ctx, input }) => ctx.source.customers.reveal(input)),
});

const contactsRouter = router({
  list: q.input(checked(contactListInput)).query(({ ctx, input }) => ctx.source.contacts.list(input)),
  get: q.input(checked(idInput)).query(({ ctx, input }) => ctx.source.contacts.get(input)),
  create: q.input(checked(contactCreateInput)).mutation(({ ctx, input }) => ctx.source.contacts.create(input)),
  update: q.input(checked(contactUpdateInput)).mutation(({ ctx, input }) => ctx.source.contacts.update(input)),
  delete: q.input(serverShaped<SourceInput<'contacts', 'delete'>>()).mutation(({ ctx, input }) => ctx.source.contacts.delete(input)),
  reveal: q.input(serverShaped<SourceInput<'contacts', 'reveal'>>()).mutation(({ ctx, input }) => ctx.source.contacts.reveal(input)),
});

const followUpsRouter = router({
  list: q.input(checked(followUpListInput)).query(({ ctx, input }) => ctx.source.followUps.list(input)),
  get: q.input(checked(idInput)).query(({ ctx, input }) => ctx.source.followUps.get(input)),
  create: q.input(checked(followUpCreateInput)).mutation(({ ctx, input }) => ctx.source.followUps.create(input)),
  update: q.input(checked(followUpUpdateInput)).mutation(({ ctx, input }) => ctx.source.followUps.update(input)),
  delete: q.input(serverShaped<SourceInput<'followUps', 'delete'>>()).mutation(({ ctx, input }) => ctx.source.followUps.delete(input)),
});

const poolRouter = router({
  list: q.input(checked(customerListInput)).query(({ ctx, input }) => ctx.source.pool.list(input)),
  claim: q.input(serverShaped<SourceInput<'pool', 'claim'>>()).mutation(({ ctx, input }) => ctx.source.pool.claim(input)),
  release: q.input(checked(releaseInput)).mutation(({ ctx, input }) => ctx.source.pool.release(input)),
  assign: q.input(serverShaped<SourceInput<'pool', 'assign'>>()).mutation(({ ctx, input }) => ctx.source.pool.assign(input)),
});

const orgRouter = router({
  users: q.input(serverShaped<SourceInput<'org', 'users'>>()).query(({ ctx, input }) => ctx.source.org.users(input)),
  departments: q.input(serverShaped<SourceInput<'org', 'departments'>>()).query(({ ctx, input }) => ctx.source.org.departments(input)),
});

const notificationsRouter = router({
  list: q.input(serverShaped<SourceInput<'notifications', 'list'>>()).query(({ ctx, input }) => ctx.source.notifications.list(input)),
  markRead: q.input(serverShaped<SourceInput<'notifications', 'markRead'>>()).mutation(({ ctx, input }) => ctx.source.notifications.markRead(input)),
});

// Spreadsheets: the server checks the file and every row; nothing to pre-check here.
const importsRouter = router({
  preview: q.input(serverShaped<SourceInput<'imports', 'preview'>>()).mutation(({ ctx, input }) => ctx.source.imports.preview(input)),
  dryRun: q.input(serverShaped<SourceInput<'imports', 'dryRun'>>()).mutation(({ ctx, input }) => ctx.source.imports.dryRun(input)),
  commit: q.input(serverShaped<SourceInput<'imports', 'commit'>>()).mutation(({ ctx, input }) => ctx.source.imports.commit(input)),
  progress: q.input(checked(importJobInput)).query(({ ctx, input }) => ctx.source.imports.progress(input)),
  cancel: q.input(checked(importJobInput)).mutation(({ ctx, input }) => ctx.source.imports.cancel(input)),
  errorReport: q.input(serverShaped<SourceInput<'imports', 'errorReport'>>()).mutation(({ ctx, input }) => ctx.source.imports.errorReport(input)),
  history: q.query(({ ctx }) => ctx.source.imports.history(undefined)),
  undo: q.input(checked(idInput)).mutation(({ ctx, input }) => ctx.source.imports.undo(input)),
  templates: q.input(checked(importEntityInput)).query(({ ctx, input }) => ctx.source.imports.templates(input)),
  saveTemplate: q.input(checked(mappingTemplateSaveInput)).mutation(({ ctx, input }) => ctx.source.imports.saveTemplate(input)),
  deleteTemplate: q.input(checked(idInput)).mutation(({ ctx, input }) => ctx.source.imports.deleteTemplate(input)),
  blankTemplate: q.input(checked(blankTemplateInput)).query(({ ctx, input }) => ctx.source.imports.blankTemplate(input)),
});

const exportsRouter = router({
  customers: q.input(serverShaped<SourceInput<'exports', 'customers'>>()).mutation(({ ctx, input }) => ctx.source.exports.customers(input)),
  contacts: q.input(serverShaped<SourceInput<'exports', 'contacts'>>()).mutation(({ ctx, input }) => ctx.source.exports.contacts(input)),
  followUps: q.input(serverShaped<SourceInput<'exports', 'followUps'>>()).mutation(({ ctx, input }) => ctx.source.exports.followUps(input)),
  start: q.input(serverShaped<SourceInput<'exports', 'start'>>()).mutation(({ ctx, input }) => ctx.source.exports.start(input)),
  progress: q.input(serverShaped<SourceInput<'exports', 'progress'>>()).query(({ ctx, input }) => ctx.source.exports.progress(input)),
  cancel: q.input(serverShaped<SourceInput<'exports', 'cancel'>>()).mutation(({ ctx, input }) => ctx.source.exports.cancel(input)),
  result: q.input(serverShaped<SourceInput<'exports', 'result'>>()).mutation(({ ctx, input }) => ctx.source.exports.result(input)),
});

// The signed-in user's own sessions (devices), as auth.sessions / auth.revokeSession on the server.
const authRouter = router({
  sessions: q.input(serverShaped<SourceInput<'auth', 'sessions'>>()).query(({ ctx, input }) => ctx.source.auth.sessions(input)),
  revokeSession: q.input(serverShaped<SourceInput<'auth', 'revokeSession'>>()).mutation(({ ctx, input }) => ctx.source.auth.revokeSession(input)),
});

const liveRouter = router({
  // Tells open pages that data changed on the server so they refetch; ends with the session.
  onChange: q.input(serverShaped<LiveInput>()).subscription(({ ctx, input, signal }) => ctx.source.live.onChange(input, signal)),
});

export const localRouter = router({
  sync: syncRouter,
  session: sessionRouter,
  customers: customersRouter,
  contacts: contactsRouter,
  followUps: followUpsRouter,
  pool: poolRouter,
  org: orgRouter,
  notifications: notificationsRouter,
  imports: importsRouter,
  exports: exportsRouter,
  live: liveRouter,
  admin: adminRouter,
  auth: authRouter,
});

export type LocalRouter = typeof localRouter;
