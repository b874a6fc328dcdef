import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import type { ZodType } from 'zod';

// Runs one field's shared zod schema in the form, so the user sees the same message the
// server would give, as they type. Schema messages are i18n keys; zod's own defaults are
// not, and become "required" for an empty value or "invalid" otherwise.
export function zodRule(t: TFunction, schema: ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value === '' ? undefined : value);
      if (result.success) return;
      const issue = result.error.issues[0];
      const msg = issue?.message ?? '';
      const params: Record<string, number> = {};
      if (issue && 'maximum' in issue && typeof issue.maximum === 'number') params.max = issue.maximum;
      const key = /^validation\.\w+$/.test(msg) ? msg : value === undefined || value === null || value === '' ? 'validation.required' : 'validation.invalid';
      throw new Error(t(key, params));
    },
  };
}
