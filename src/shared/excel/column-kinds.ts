import { normalizeMobile } from '../domain/text';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { cellText, labelKey, parseDate, parseDateTime, SHEET_UTC_OFFSET_HOURS, type RawCell } from './clean';
import type { CellResult, ColumnDef, Lang } from './catalog';

// Builders for the kinds of columns entities have. Parsers only clean and convert; the
// entity's zod schema still decides what is valid.

type Header = ColumnDef['header'];
const ok = (value: unknown): CellResult => ({ ok: true, value });
const bad = (reason: string): CellResult => ({ ok: false, reason });

function emptyToNull(s: string): string | null {
  return s === '' ? null : s;
}

export function textColumn(field: string, header: Header, synonyms: readonly string[]): ColumnDef {
  return {
    field,
    header,
    synonyms,
    parse: (v) => ok(emptyToNull(cellText(v))),
    format: (v) => (v === null || v === undefined || v === '' ? null : String(v)),
  };
}

// Mobiles arrive as 13800138000 (a number), "138 0013 8000", "+86-138…" or full-width.
export function mobileColumn(field: string, header: Header, synonyms: readonly string[]): ColumnDef {
  return { ...textColumn(field, header, synonyms), parse: (v) => ok(emptyToNull(normalizeMobile(cellText(v)))) };
}

export function dateColumn(field: string, header: Header, synonyms: readonly string[]): ColumnDef {
  return {
    ...textColumn(field, header, synonyms),
    parse(v) {
      if (cellText(v) === '') return ok(null);
      const d = parseDate(v);
      return d ? ok(d) : bad('validation.date');
    },
  };
}

// A moment: "2026-01-05 14:30" or a date alone; written back the same way.
export function dateTimeColumn(field: string, header: Header, synonyms: readonly string[]): ColumnDef {
  return {
    ...textColumn(field, header, synonyms),
    parse(v) {
      if (cellText(v) === '') return ok(null);
      const d = parseDateTime(v);
      return d ? ok(d) : bad('validation.datetime');
    },
    format(v) {
      if (typeof v !== 'string' || !v) return null;
      const t = new Date(v);
      if (Number.isNaN(t.getTime())) return v;
      // Shift to the sheet's zone, then read the wall clock off the UTC fields.
      const local = new Date(t.getTime() + SHEET_UTC_OFFSET_HOURS * 3_600_000).toISOString();
      return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
    },
  };
}

// Lists in one cell: "重点, 华东；VIP" -> ['重点', '华东', 'VIP'].
export function listColumn(field: string, header: Header, synonyms: readonly string[]): ColumnDef {
  return {
    field,
    header,
    synonyms,
    parse: (v) => ok(cellText(v).split(/[,，;；、|\n]/).map((s) => s.trim()).filter(Boolean)),
    format: (v, lang) => (Array.isArray(v) && v.length ? v.join(lang === 'en' ? ', ' : '、') : null),
  };
}

type EnumGroup = keyof typeof zhCN.enums;

// An enum given by its code or its label in either language, with or without a 类/级/客户
// suffix: A, A类, A类（重要）, 重点, 重点客户, Key all resolve.
export function enumColumn(
  field: string,
  header: Header,
  synonyms: readonly string[],
  group: EnumGroup,
  codes: readonly string[],
  aliases: Record<string, readonly string[]> = {},
): ColumnDef {
  const byKey = new Map<string, string>();
  const zh = zhCN.enums[group] as Record<string, string>;
  const enLabels = en.enums[group] as Record<string, string>;
  for (const code of codes) {
    const labels = [code, zh[code] ?? '', enLabels[code] ?? '', ...(aliases[code] ?? [])];
    // The label before its bracketed note: "A类（重要）" -> "A类".
    for (const l of [...labels]) labels.push(l.replace(/[(（].*$/, ''));
    for (const l of labels) {
      const k = labelKey(l);
      if (!k) continue;
      for (const variant of [k, `${k}客户`, `${k}类`, `${k}级`, `${k}类客户`]) if (!byKey.has(variant)) byKey.set(variant, code);
    }
  }
  const keys = new Map<string, string>();
  const label = (code: unknown, lang: Lang): string | null => {
    if (typeof code !== 'string' || !code) return null;
    const table = lang === 'en' ? enLabels : zh;
    return table[code] ?? code;
  };
  return {
    field,
    header,
    synonyms,
    parse(v: RawCell) {
      const text = cellText(v);
      // A column holds a handful of distinct labels: each is keyed once.
      let k = keys.get(text);
      if (k === undefined) {
        k = labelKey(text);
        if (keys.size < 1000) keys.set(text, k);
      }
      if (!k) return ok(null);
      const code = byKey.get(k);
      return code ? ok(code) : bad('validation.enum');
    },
    format: label,
  };
}
