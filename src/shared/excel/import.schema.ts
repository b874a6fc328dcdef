import { z } from 'zod';
import { idSchema } from '../domain/common.schema';

// Base64 of a 20 MB file is ~27 MB of text; the server checks the decoded size itself.
const MAX_BASE64 = 28 * 1024 * 1024;

export const DUPLICATE_POLICIES = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const importOwnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('me') }),
  z.object({ kind: z.literal('pool') }),
  z.object({ kind: z.literal('user'), userId: idSchema }),
]);
export type ImportOwner = z.infer<typeof importOwnerSchema>;

export const importFileInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  data: z.string().max(MAX_BASE64),
  // Sheet index; the first sheet with a recognisable header when absent.
  sheet: z.number().int().min(0).max(255).optional(),
  // The user's mapping (column index -> field or null to ignore); auto-detected when absent.
  mapping: z.array(z.object({ col: z.number().int().min(0).max(16383), field: z.string().max(60).nullable() })).max(500).optional(),
});

export const importRunInput = importFileInput.extend({
  onDuplicate: z.enum(DUPLICATE_POLICIES).default('skip'),
  owner: importOwnerSchema.default({ kind: 'me' }),
});
// The running (or finished) commit job: progress and cancel.
export const importJobInput = z.object({ jobId: idSchema });

export type ImportRunInput = z.input<typeof importRunInput>;

export interface ImportSummary {
  total: number;
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
  errors: { row: number; column: string; field: string; reason: string }[];
  // The job record (history, undo); absent before the run starts.
  jobId?: string;
}
