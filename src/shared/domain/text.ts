// Small normalisers shared by schemas, import cleaning and search.

// Full-width ASCII (Ａ１＠，) and the ideographic space to their half-width forms.
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
export function toHalfWidth(s: string): string {
  // Most cells have nothing to convert: a test is far cheaper than two replaces.
  if (!FULL_WIDTH.test(s)) return s;
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

// "ＡＢＣ  Trading（上海）" and "abc trading(上海)" are the same customer name.
export function nameKey(name: string): string {
  return toHalfWidth(name).trim().replace(/\s+/g, ' ').toLowerCase();
}

// A phone number's digits, as duplicate checks compare them; null when it has none.
export function phoneDigits(phone: string | null | undefined): string | null {
  const d = (phone ?? '').replace(/\D/g, '');
  return d.length ? d : null;
}

// 138 0013 8000, 138-0013-8000, +86 13800138000, 8613800138000 -> 13800138000
export function normalizeMobile(raw: string): string {
  let d = toHalfWidth(raw).replace(/[\s\-()（）.]/g, '');
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.startsWith('0086')) d = d.slice(4);
  else if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d;
}

export const MOBILE_RE = /^1[3-9]\d{9}$/;
// Landlines with area code, extensions and service numbers (400/800) all occur; keep it permissive.
export const PHONE_RE = /^[+\d][\d\s\-()]{4,24}(\s*(转|ext\.?|x)\s*\d{1,6})?$/i;

// 13800138000 -> 138****8000; short values keep only their first character.
export function maskValue(value: string): string {
  const v = value.trim();
  if (v.length === 0) return v;
  if (v.includes('@')) {
    const [user, domain] = v.split('@');
    return `${(user ?? '').slice(0, 1)}***@${domain ?? ''}`;
  }
  if (v.length >= 7) return `${v.slice(0, 3)}****${v.slice(-4)}`;
  return `${v.slice(0, 1)}${'*'.repeat(Math.max(1, v.length - 1))}`;
}

// Masks a company or person name for people who may only learn that a record exists:
// 上海星辰科技有限公司 -> 上海****限公司 (head and tail kept in proportion to the length)
export function maskName(name: string): string {
  const n = [...name.trim()];
  if (n.length <= 1) return '*';
  if (n.length <= 3) return `${n[0]}${'*'.repeat(n.length - 1)}`;
  const keep = Math.min(2, Math.floor(n.length / 4));
  const tail = Math.min(4, Math.floor(n.length / 3));
  return `${n.slice(0, Math.max(1, keep)).join('')}****${n.slice(n.length - tail).join('')}`;
}
