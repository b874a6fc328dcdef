import { toHalfWidth } from '../../../src/shared/domain/text';

// "ＡＢＣ  Trading（上海）" and "abc trading(上海)" are the same customer name.
export function nameKeyOf(name: string): string {
  return toHalfWidth(name).trim().replace(/\s+/g, ' ').toLowerCase();
}

export function digitsOf(phone: string | null | undefined): string | null {
  const d = (phone ?? '').replace(/\D/g, '');
  return d.length ? d : null;
}

// LIKE pattern for "contains", with ! as the escape character (portable across engines).
export function likeContains(s: string): string {
  return `%${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export function likePrefix(s: string): string {
  return `${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
