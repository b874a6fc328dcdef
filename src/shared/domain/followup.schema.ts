import { z } from 'zod';
import { dateOnlySchema, idSchema, instantSchema, pageInput, requiredText } from './common.schema';

export const FOLLOWUP_TYPES = ['call', 'visit', 'meeting', 'email', 'wechat', 'other'] as const;
export type FollowUpType = (typeof FOLLOWUP_TYPES)[number];

export const followUpFieldsSchema = z.object({
  type: z.enum(FOLLOWUP_TYPES, { message: 'validation.enum' }),
  at: instantSchema,
  content: requiredText(5000),
  contactId: idSchema.nullish().transform((v) => v ?? null),
  nextAt: dateOnlySchema.nullish().transform((v) => v ?? null),
});
export type FollowUpFields = z.output<typeof followUpFieldsSchema>;

export const followUpCreateInput = followUpFieldsSchema.extend({ id: idSchema.optional(), customerId: idSchema });
export const followUpUpdateInput = z.object({
  id: idSchema,
  version: z.number().int().min(1).optional(),
  patch: followUpFieldsSchema.partial(),
});
export const followUpListInput = pageInput.extend({
  customerId: idSchema.optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});

export interface FollowUpDto extends FollowUpFields {
  id: string;
  customerId: string;
  customerName: string;
  contactName: string | null;
  createdBy: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}
