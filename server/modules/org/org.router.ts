import { authedProcedure } from '../../trpc/procedures';
import { router } from '../../trpc/trpc';

// What the client needs to show and pick people and departments (owner pickers, filters).
// Any signed-in user may read it: names and departments are not confidential inside a company.
export const orgRouter = router({
  users: authedProcedure.query(({ ctx }) => ctx.services.org.enabledUsers()),
  departments: authedProcedure.query(({ ctx }) => ctx.services.org.departmentTree()),
});
