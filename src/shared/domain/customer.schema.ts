import { z } from 'zod';
import { isValidCreditCode } from './credit-code';
import { idSchema, optionalText, pageInput, requiredText, sortOrderSchema, instantSchema, phoneSchema } from './common.schema';
import { toHalfWidth } from './text';

export const CUSTOMER_KINDS = ['company', 'individual'] as const;
export const CUSTOMER_LEVELS = ['A', 'B', 'C', 'D'] as const;
export const CUSTOMER_STATUSES = ['potential', 'active', 'key', 'dormant', 'lost'] as const;
export const INDUSTRIES = [
  'manufacturing',
  'it',
  'finance',
  'retail',
  'wholesale',
  'education',
  'healthcare',
  'construction',
  'real_estate',
  'logistics',
  'energy',
  'agriculture',
  'media',
  'hospitality',
  'government',
  'professional_services',
  'other',
] as const;
export const CUSTOMER_SOURCES = [
  'referral',
  'website',
  'exhibition',
  'cold_call',
  'advertising',
  'partner',
  'social_media',
  'existing_customer',
  'other',
] as const;

export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type Industry = (typeof INDUSTRIES)[number];
export type CustomerSource = (typeof CUSTOMER_SOURCES)[number];

const regionCode = z
  .string()
  .regex(/^\d{2}(\d{2}){0,2}$/, { message: 'validation.region' })
  .nullish()
  .transform((v) => v ?? null);

const creditCode = z
  .string()
  .trim()
  .transform((v) => toHalfWidth(v).toUpperCase())
  .refine((v) => v === '' || isValidCreditCode(v), { message: 'validation.creditCode' })
  .nullish()
  .transform((v) => (v ? v : null));

const phone = phoneSchema;

const website = z
  .string()
  .trim()
  .max(200, { message: 'validation.tooLong' })
  .refine((v) => v === '' || /^(https?:\/\/)?[\w-]+(\.[\w-]+)+([/?#].*)?$/i.test(v), { message: 'validation.website' })
  .nullish()
  .transform((v) => (v ? v : null));

const tag = z.string().trim().min(1, { message: 'validation.required' }).max(20, { message: 'validation.tooLong' });

// The editable fields of a customer, shared by the create form, the update call, Excel
// rows and (later) cache rows.
export const customerFieldsSchema = z.object({
  kind: z.enum(CUSTOMER_KINDS, { message: 'validation.enum' }).default('company'),
  name: requiredText(100),
  creditCode,
  level: z.enum(CUSTOMER_LEVELS, { message: 'validation.enum' }).nullish().transform((v) => v ?? null),
  status: z.enum(CUSTOMER_STATUSES, { message: 'validation.enum' }).default('potential'),
  industry: z.enum(INDUSTRIES, { message: 'validation.enum' }).nullish().transform((v) => v ?? null),
  source: z.enum(CUSTOMER_SOURCES, { message: 'validation.enum' }).nullish().transform((v) => v ?? null),
  province: regionCode,
  city: regionCode,
  district: regionCode,
  address: optionalText(200),
  phone,
  website,
  tags: z.array(tag).max(20, { message: 'validation.tooMany' }).default([]),
  parentId: idSchema.nullish().transform((v) => v ?? null),
  collaboratorIds: z.array(idSchema).max(20, { message: 'validation.tooMany' }).default([]),
  remarks: optionalText(2000),
});

// zod 4 still fills .default() values into keys a .partial() object lacks; a patch must carry
// only what the user changed, so its fields have no defaults.
export const customerPatchSchema = customerFieldsSchema
  .extend({
    kind: z.enum(CUSTOMER_KINDS, { message: 'validation.enum' }),
    status: z.enum(CUSTOMER_STATUSES, { message: 'validation.enum' }),
    tags: z.array(tag).max(20, { message: 'validation.tooMany' }),
    collaboratorIds: z.array(idSchema).max(20, { message: 'validation.tooMany' }),
  })
  .partial();

export type CustomerFields = z.output<typeof customerFieldsSchema>;
export type CustomerFieldsInput = z.input<typeof customerFieldsSchema>;

const individualHasNoCreditCode = (v: { kind?: CustomerKind; creditCode?: string | null }) =>
  !(v.kind === 'individual' && v.creditCode);

// `id` may be chosen by the client so that an offline create can be retried safely.
export const customerCreateInput = customerFieldsSchema
  .extend({ id: idSchema.optional(), ownerId: idSchema.nullish() })
  .refine(individualHasNoCreditCode, { message: 'validation.creditCodeIndividual', path: ['creditCode'] });

export const customerUpdateInput = z.object({
  id: idSchema,
  // The version the edit was based on; a stale one is refused rather than overwriting.
  version: z.number().int().min(1).optional(),
  patch: customerPatchSchema.refine(individualHasNoCreditCode, {
    message: 'validation.creditCodeIndividual',
    path: ['creditCode'],
  }),
});

export const CUSTOMER_SORT_FIELDS = ['name', 'createdAt', 'updatedAt', 'lastFollowUpAt', 'nextFollowUpAt', 'level', 'status'] as const;

export const customerListInput = pageInput.extend({
  search: z.string().trim().max(100).optional(),
  status: z.array(z.enum(CUSTOMER_STATUSES)).optional(),
  level: z.array(z.enum(CUSTOMER_LEVELS)).optional(),
  industry: z.array(z.enum(INDUSTRIES)).optional(),
  source: z.array(z.enum(CUSTOMER_SOURCES)).optional(),
  region: z.string().regex(/^\d{2}(\d{2}){0,2}$/).optional(),
  ownerIds: z.array(idSchema).max(100).optional(),
  tags: z.array(z.string().max(20)).max(20).optional(),
  sort: z.enum(CUSTOMER_SORT_FIELDS).default('updatedAt'),
  order: sortOrderSchema.default('desc'),
});
export type CustomerListInput = z.input<typeof customerListInput>;

export interface UserRef {
  id: string;
  name: string;
}

// A customer as the API returns it. Masked fields carry the masked text; hidden ones are null
// and named in `hiddenFields` so the UI can say so instead of showing an empty value.
export interface CustomerDto extends Omit<CustomerFields, 'collaboratorIds'> {
  id: string;
  owner: UserRef | null;
  collaborators: UserRef[];
  parent: { id: string; name: string } | null;
  createdBy: UserRef | null;
  createdAt: string;
  updatedAt: string;
  lastFollowUpAt: string | null;
  nextFollowUpAt: string | null;
  deletedAt: string | null;
  poolSince: string | null;
  version: number;
  maskedFields: string[];
  hiddenFields: string[];
}

export const transferInput = z.object({
  ids: z.array(idSchema).min(1).max(500),
  toUserId: idSchema,
  reason: optionalText(200),
});

export const releaseInput = z.object({
  ids: z.array(idSchema).min(1).max(500),
  reason: optionalText(200),
});

export const ownerHistoryEntrySchema = z.object({
  id: idSchema,
  at: instantSchema,
});

export type OwnerChangeReason = 'create' | 'claim' | 'release' | 'transfer' | 'auto_return' | 'assign' | 'import';

export interface OwnerHistoryDto {
  id: string;
  at: string;
  from: UserRef | null;
  to: UserRef | null;
  by: UserRef | null;
  reason: OwnerChangeReason;
  note: string | null;
}
