import { initTRPC } from '@trpc/server';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { LocalContext } from './context';
import { localErrorData } from './errors';

export const t = initTRPC.context<LocalContext>().create({
  // No stack traces or server text cross into the renderer: the app code says it all.
  isDev: false,
  errorFormatter({ shape, error }) {
    const data = localErrorData(error);
    return { ...shape, message: data.appCode, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, ...data } };
  },
});

export const router = t.router;

export const publicProcedure = t.procedure.use(({ ctx, next }) => {
  if (ctx.denied) throw new AppError('FORBIDDEN');
  return next();
});

// Everything but the session procedures needs a signed-in session; saying so here spares
// each data call a round trip that would only come back UNAUTHENTICATED.
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session.isSignedIn()) throw new AppError('NOT_SIGNED_IN');
  return next();
});

// Validates with the shared schema (same field errors as the server) but hands the
// procedure the input exactly as sent: the server parses it again, and forwarding the
// parsed value would apply defaults and transforms twice.
export function checked<S extends z.ZodType>(schema: S): (raw: unknown) => z.input<S> {
  return (raw) => {
    schema.parse(raw);
    return raw as z.input<S>;
  };
}

// For server inputs with no shared schema (yet): typed as the server declares, validated there.
export function serverShaped<T>(): (raw: unknown) => T {
  return (raw) => raw as T;
}
