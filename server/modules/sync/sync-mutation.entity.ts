import { EntitySchema } from 'typeorm';
import { idColumn, instant, json } from '../../db/columns';

// One row per offline mutation the server has processed, written in the SAME transaction as
// the mutation's effects (or on its own for a refusal), so a client that retries a push after
// a lost answer gets the stored result back instead of a second application.
export interface SyncMutation {
  userId: string;
  mutationId: string;
  at: string;
  result: unknown;
}

export const SyncMutationEntity = new EntitySchema<SyncMutation>({
  name: 'SyncMutation',
  tableName: 'sync_mutations',
  columns: {
    userId: idColumn(),
    mutationId: idColumn(),
    at: instant(false),
    result: json(false),
  },
});
