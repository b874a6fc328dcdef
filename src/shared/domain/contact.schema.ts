import { z } from 'zod';
import { dateOnlySchema, idSchema, optionalText, pageInput, requiredText, phoneSchema } from './common.schema';
import { MOBILE_RE, normalizeMobile, toHalfWidth } from './text';

export const DECISION_ROLES = ['decision_maker', 'influencer', 'user', 'gatekeeper', 'champion', 'other'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];

const mobile = z
  .string()
  .transform((v) => normalizeMobile(v))
  .refine((v) => v === '' || MOBILE_RE.test(v), { message: 'validation.mobile' })
  .nullish()
  .transform((v) => (v ? v : null));

const phone = phoneSchema;

const email = z
  .string()
  .trim()
  .transform((v) => toHalfWidth(v).toLowerCase())
  .refine((v) => v === '' || z.email().safeParse(v).success, { message: 'validation.email' })
  .nullish()
  .transform((v) => (v ? v : null));

export const contactFieldsSchema = z.object({
  name: requiredText(50),
  title: optionalText(50),
  department: optionalText(50),
  mobile,
  phone,
  email,
  wechat: optionalText(50),
  birthday: dateOnlySchema.nullish().transform((v) => v ?? null),
  isPrimary: z.boolean().default(false),
  decisionRole: z.enum(DECISION_ROLES, { message: 'validation.enum' }).nullish().transform((v) => v ?? null),
  remarks: optionalText(1000),
});
export type ContactFields = z.output<typeof contactFieldsSchema>;

export const contactCreateInput = contactFieldsSchema.extend({ id: idSchema.optional(), customerId: idSchema });
export const contactUpdateInput = z.object({
  id: idSchema,
  version: z.number().int().min(1).optional(),
  // No defaults in a patch (zod 4 would fill isPrimary: false into every edit).
  patch: contactFieldsSchema.extend({ isPrimary: z.boolean() }).partial(),
});
export const contactListInput = pageInput.extend({
  customerId: idSchema.optional(),
  search: z.string().trim().max(100).optional(),
});

export interface ContactDto extends ContactFields {
  id: string;
  customerId: string;
  customerName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  maskedFields: string[];
  hiddenFields: string[];
}
