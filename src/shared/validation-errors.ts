import type { ZodError } from 'zod';
import type { FieldError } from './errors';

// Zod issues as field errors with i18n keys: the server and the client core both answer
// validation failures this way, so the renderer maps one shape onto its form fields.
export function zodFieldErrors(e: ZodError): FieldError[] {
  return e.issues.map((i) => {
    const params: Record<string, string | number> = {};
    if ('maximum' in i && typeof i.maximum === 'number') params.max = i.maximum;
    if ('minimum' in i && typeof i.minimum === 'number') params.min = i.minimum;
    // Our schemas put i18n keys in messages; zod's own defaults become a generic key.
    const message = /^validation\.\w+$/.test(i.message) ? i.message : issueKey(i.code);
    return { path: i.path.map(String).join('.'), message, params };
  });
}

function issueKey(code: string): string {
  switch (code) {
    case 'too_big':
      return 'validation.tooLong';
    case 'too_small':
      return 'validation.required';
    case 'invalid_value':
      return 'validation.enum';
    default:
      return 'validation.invalid';
  }
}
