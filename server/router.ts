import { authRouter } from './modules/auth/auth.router';
import { changesRouter } from './modules/changes/changes.router';
import { contactsRouter } from './modules/contacts/contact.router';
import { customersRouter } from './modules/customers/customer.router';
import { exportsRouter } from './modules/exports/export.router';
import { followUpsRouter } from './modules/followups/followup.router';
import { importsRouter } from './modules/imports/import.router';
import { notificationsRouter } from './modules/notifications/notification.router';
import { adminRouter } from './modules/org/admin.router';
import { orgRouter } from './modules/org/org.router';
import { poolRouter } from './modules/pool/pool.router';
import { syncRouter } from './modules/sync/sync.router';
import { publicProcedure } from './trpc/procedures';
import { router } from './trpc/trpc';
import { SERVER_VERSION } from './version';

export const appRouter = router({
  health: publicProcedure.query(({ ctx }) => ({ status: 'ok' as const, version: SERVER_VERSION, database: ctx.config.databaseKind })),
  auth: authRouter,
  org: orgRouter,
  customers: customersRouter,
  contacts: contactsRouter,
  followUps: followUpsRouter,
  pool: poolRouter,
  notifications: notificationsRouter,
  changes: changesRouter,
  imports: importsRouter,
  exports: exportsRouter,
  sync: syncRouter,
  admin: adminRouter,
});

export type ServerRouter = typeof appRouter;
