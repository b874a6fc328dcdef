import { toHalfWidth } from '../../../shared/domain/text';
import type { Entity, Row } from './cache-store';

// What the cache keeps beside each record's DTO so that lists filter, sort and search in SQL
// (indexes) instead of parsing every row: the same values the server's list queries use.
export interface RecordColumns {
  name_key: string | null;
  owner_id: string | null;
  status: string | null;
  level: string | null;
  industry: string | null;
  source: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  created_at: string | null;
  last_follow_up_at: string | null;
  next_follow_up_at: string | null;
  at: string | null;
  is_primary: number | null;
}

// The full-text columns (FTS5 trigram): `name` is searched by "contains", `digits` by
// "contains" with a number, `code` by prefix.
export interface SearchColumns {
  name: string;
  digits: string;
  code: string;
}

// As the server's customer-text.ts nameKeyOf: "ＡＢＣ  Trading" and "abc trading" are one name.
export function nameKeyOf(name: string): string {
  return toHalfWidth(name).trim().replace(/\s+/g, ' ').toLowerCase();
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

// A field the caller sees in clear: the server searches masked or hidden fields for nobody
// who cannot read them, so neither does the cache.
function clear(row: Row, field: string): string | null {
  const masked = [...((row.maskedFields as string[] | undefined) ?? []), ...((row.hiddenFields as string[] | undefined) ?? [])];
  return masked.includes(field) ? null : str(row[field]);
}

export function columnsOf(entity: Entity, row: Row): RecordColumns {
  const base: RecordColumns = {
    name_key: null,
    owner_id: null,
    status: null,
    level: null,
    industry: null,
    source: null,
    province: null,
    city: null,
    district: null,
    created_at: str(row.createdAt),
    last_follow_up_at: null,
    next_follow_up_at: null,
    at: null,
    is_primary: null,
  };
  if (entity === 'customer') {
    return {
      ...base,
      name_key: nameKeyOf(String(row.name ?? '')),
      owner_id: str((row.owner as { id?: unknown } | null | undefined)?.id),
      status: str(row.status),
      level: str(row.level),
      industry: str(row.industry),
      source: str(row.source),
      province: str(row.province),
      city: str(row.city),
      district: str(row.district),
      last_follow_up_at: str(row.lastFollowUpAt),
      next_follow_up_at: str(row.nextFollowUpAt),
    };
  }
  if (entity === 'contact') return { ...base, name_key: String(row.name ?? '').toLowerCase(), is_primary: row.isPrimary ? 1 : 0 };
  return { ...base, at: str(row.at) };
}

export function searchOf(entity: Entity, row: Row): SearchColumns | null {
  if (entity === 'customer') {
    return {
      name: nameKeyOf(String(row.name ?? '')),
      digits: (clear(row, 'phone') ?? '').replace(/\D/g, ''),
      code: str(row.creditCode) ?? '',
    };
  }
  if (entity === 'contact') return { name: String(row.name ?? '').toLowerCase(), digits: clear(row, 'mobile') ?? '', code: '' };
  return null;
}

export function tagsOf(entity: Entity, row: Row): string[] {
  return entity === 'customer' && Array.isArray(row.tags) ? [...new Set(row.tags.map(String))] : [];
}

// A patch field as the DTO shows it (the DTO lists collaborators as user refs), as the
// server's merge compares it (sync-push.ts viewValue).
export function viewValue(row: Row, field: string): unknown {
  if (field === 'collaboratorIds') return ((row.collaborators as { id: string }[] | undefined) ?? []).map((u) => u.id);
  return row[field] ?? null;
}
