export { nameKey as nameKeyOf, phoneDigits as digitsOf } from '../../../src/shared/domain/text';

// LIKE pattern for "contains", with ! as the escape character (portable across engines).
export function likeContains(s: string): string {
  return `%${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export function likePrefix(s: string): string {
  return `${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
