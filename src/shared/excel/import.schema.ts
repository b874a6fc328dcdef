import { z } from 'zod';
import { idSchema } from '../domain/common.schema';

// Base64 of a 20 MB file is ~27 MB of text; the server checks the decoded size itself.
const MAX_BASE64 = 28 * 1024 * 1024;

export const DUPLICATE_POLICIES = ['skip', 'update', 'create'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

// Who owns the customers an import creates: the importer, one chosen user, the user each row
// names in its owner column, the members of a department in turn, or nobody (the public pool).
export const importOwnerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('me') }),
  z.object({ kind: z.literal('pool') }),
  z.object({ kind: z.literal('user'), userId: idSchema }),
  z.object({ kind: z.literal('column') }),
  z.object({ kind: z.literal('roundRobin'), departmentId: idSchema }),
]);
export type ImportOwner = z.infer<typeof importOwnerSchema>;

// What a file can be imported as. Contacts and follow-ups name their customer in each row.
export const IMPORT_ENTITIES = ['customers', 'contacts', 'followups'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const importMappingSchema = z
  .array(z.object({ col: z.number().int().min(0).max(16383), field: z.string().max(60).nullable() }))
  .max(500);

export const importFileInput = z.object({
  entity: z.enum(IMPORT_ENTITIES).default('customers'),
  fileName: z.string().trim().min(1).max(255),
  data: z.string().max(MAX_BASE64),
  // Sheet index; the first sheet with a recognisable header when absent.
  sheet: z.number().int().min(0).max(255).optional(),
  // The user's mapping (column index -> field or null to ignore); auto-detected when absent.
  mapping: importMappingSchema.optional(),
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
  // value: what the cell held, where the message names it (an unknown owner or customer).
  errors: { row: number; column: string; field: string; reason: string; value?: string }[];
  // The job record (history, undo); absent before the run starts.
  jobId?: string;
}

// A saved mapping: the file's headers and the field each goes to (null: not imported).
export const mappingTemplateSaveInput = z.object({
  entity: z.enum(IMPORT_ENTITIES),
  name: z.string().trim().min(1, { message: 'validation.required' }).max(60, { message: 'validation.tooLong' }),
  columns: z
    .array(z.object({ header: z.string().trim().min(1).max(200), field: z.string().max(60).nullable() }))
    .min(1, { message: 'validation.required' })
    .max(500),
});
export const importEntityInput = z.object({ entity: z.enum(IMPORT_ENTITIES).default('customers') });
export const blankTemplateInput = importEntityInput.extend({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });
