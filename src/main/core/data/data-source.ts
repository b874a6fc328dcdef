import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { ServerRouter } from '../../../../server/router';

// Where the local router gets its data. Today the only source is the server (remote-source);
// the offline cache will be another implementation answering reads from SQLite, and neither
// the local router nor the renderer changes. Each method has the server procedure's name and
// exactly its input and output types (types only: the client never loads server code).
type Inputs = inferRouterInputs<ServerRouter>;
type Outputs = inferRouterOutputs<ServerRouter>;

// The server procedures the client uses, per namespace.
type DataProcedures = {
  customers: 'list' | 'get' | 'create' | 'update' | 'delete' | 'recycleBin' | 'restore' | 'purge' | 'transfer' | 'ownerHistory' | 'tags' | 'checkDuplicates' | 'reveal';
  contacts: 'list' | 'get' | 'create' | 'update' | 'delete' | 'reveal';
  followUps: 'list' | 'get' | 'create' | 'update' | 'delete';
  pool: 'list' | 'claim' | 'release' | 'assign';
  org: 'users' | 'departments';
  notifications: 'list' | 'markRead';
  imports: 'preview' | 'dryRun' | 'commit' | 'progress' | 'cancel' | 'errorReport' | 'history' | 'undo' | 'templates' | 'saveTemplate' | 'deleteTemplate' | 'blankTemplate';
  exports: 'customers' | 'contacts' | 'followUps' | 'start' | 'progress' | 'cancel' | 'result';
  auth: 'sessions' | 'revokeSession';
};

type Namespace = keyof DataProcedures & keyof Inputs & keyof Outputs;
export type SourceInput<N extends Namespace, P extends DataProcedures[N] & keyof Inputs[N]> = Inputs[N][P];
export type SourceOutput<N extends Namespace, P extends DataProcedures[N] & keyof Outputs[N]> = Outputs[N][P];

// A subscription's output type is the stream; the events are what it yields.
type Yielded<T> = T extends AsyncIterable<infer E> ? E : T;
export type LiveInput = Inputs['changes']['onChange'];
export type LiveEvent = Yielded<Outputs['changes']['onChange']>;

// Administration is online only: it goes to the server whatever the data source answers reads from.
type AdminInputs = Inputs['admin'];
type AdminOutputs = Outputs['admin'];
export type AdminSource = {
  [G in keyof AdminInputs]: { [P in keyof AdminInputs[G] & keyof AdminOutputs[G]]: (input: AdminInputs[G][P]) => Promise<AdminOutputs[G][P]> };
};
export type AdminInput<G extends keyof AdminInputs, P extends keyof AdminInputs[G]> = AdminInputs[G][P];

export type CrmDataSource = {
  [N in Namespace]: {
    [P in DataProcedures[N] & keyof Inputs[N] & keyof Outputs[N]]: (input: Inputs[N][P]) => Promise<Outputs[N][P]>;
  };
} & {
  admin: AdminSource;
  live: {
    // Ends when `signal` aborts or the session changes; throws (SERVER_UNREACHABLE,
    // SESSION_EXPIRED) when the feed breaks.
    onChange(input: LiveInput, signal: AbortSignal | undefined): AsyncIterable<LiveEvent>;
  };
};
