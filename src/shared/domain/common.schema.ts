import { z } from 'zod';
import { PHONE_RE, toHalfWidth } from './text';

// Messages in schemas are i18n keys (see i18n/), resolved by whoever shows them.
export const idSchema = z.string().uuid({ message: 'validation.id' });
export const idInput = z.object({ id: idSchema });

export const pageInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export const sortOrderSchema = z.enum(['asc', 'desc']);

// YYYY-MM-DD, a calendar date with no time zone (birthdays, next follow-up date).
export const dateOnlySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'validation.date',
  });

// An instant as ISO 8601 in UTC; stored as text so that it sorts the same on every database.
export const instantSchema = z.string().datetime({ offset: true, message: 'validation.datetime' });

export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { message: 'validation.tooLong' })
    .nullish()
    .transform((v) => (v === '' || v === undefined ? null : v));
}

export function requiredText(max: number) {
  return z.string().trim().min(1, { message: 'validation.required' }).max(max, { message: 'validation.tooLong' });
}

export interface Paged<T> {
  items: T[];
  total: number;
}

// A landline or service number as people type it (full-width digits allowed); empty -> null.
export const phoneSchema = z
  .string()
  .trim()
  .transform((v) => toHalfWidth(v))
  .refine((v) => v === '' || PHONE_RE.test(v), { message: 'validation.phone' })
  .nullish()
  .transform((v) => (v ? v : null));
