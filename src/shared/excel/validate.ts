import { contactFieldsSchema, type ContactFields } from '../domain/contact.schema';
import { customerFieldsSchema, type CustomerFields } from '../domain/customer.schema';
import { nameKey, normalizeMobile, phoneDigits, toHalfWidth } from '../domain/text';
import type { z } from 'zod';
import type { RawCell } from './clean';
import type { EntityCatalog } from './catalog';
import type { ColumnMapping } from './header';

// One problem in the file: sheet row number (1-based, as Excel shows it), the column as the
// file names it, and an i18n key.
export interface RowError {
  row: number;
  column: string;
  field: string;
  reason: string;
  // The cell, where the message names it (an owner or customer nobody knows).
  value?: string;
}

export interface ValidRow {
  row: number;
  customer: CustomerFields;
  // Only the customer fields the file filled in: an "update" changes these and nothing else.
  // Rows of one slice that filled the same fields share one list (read only).
  provided: readonly (keyof CustomerFields)[];
  contact: ContactFields | null;
  // The owner the row names (username or display name), when its owner column is mapped.
  owner: string | null;
  // What duplicates are found by, worked out where the row is checked (the import's row checker
  // thread) rather than by the thread that plans the import, which needs them two to four
  // times per row: the folded name (nameKey), the company phone's digits, the contact's mobile
  // as normalizeMobile leaves it (null when empty).
  keys: { name: string; phone: string | null; mobile: string | null };
}

export interface ValidationResult {
  valid: ValidRow[];
  errors: RowError[];
  invalidRows: number[];
}

export const OWNER_FIELD = 'customer.owner';

// Schema messages are i18n keys; anything else (a zod built-in) is reported generically.
function reasonOf(message: string): string {
  return message.startsWith('validation.') ? message : 'validation.invalid';
}

// Fields with a value of their own that an empty cell must not wipe in an update.
function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

// The mapped columns of a catalog and, for a schema issue, the column to name: the file's own
// header where the field is mapped, else the catalog's.
function mappedColumns(catalog: EntityCatalog, mapping: readonly ColumnMapping[]) {
  const defs = new Map(catalog.columns.map((c) => [c.field, c]));
  // The field's entity and key split once here rather than for every cell of every row.
  const mapped = mapping
    .filter((m) => m.field && defs.has(m.field))
    .map((m) => {
      const [entity, key] = m.field!.split('.') as [string, string];
      return { ...m, def: defs.get(m.field!)!, entity, key };
    });
  const headerOf = new Map(mapped.map((m) => [m.field!, m.header]));
  const columnFor = (field: string) => headerOf.get(field) ?? defs.get(field)?.header['zh-CN'] ?? field;
  return { mapped, columnFor };
}

type MappedColumn = ReturnType<typeof mappedColumns>['mapped'][number];

// Cleans each mapped cell of a row: a cell that cannot be read is a row error; a value is
// handed to `take` with its column; empty cells are skipped.
function readCells(cells: RawCell[], mapped: readonly MappedColumn[], rowNo: number, rowErrors: RowError[], take: (m: MappedColumn, value: unknown) => void): void {
  for (const m of mapped) {
    const res = m.def.parse(cells[m.col]);
    if (!res.ok) {
      rowErrors.push({ row: rowNo, column: m.header, field: m.def.field, reason: res.reason });
      continue;
    }
    if (!isEmpty(res.value)) take(m, res.value);
  }
}

export function validateRows(
  catalog: EntityCatalog,
  rows: RawCell[][],
  rowIndexes: readonly number[],
  mapping: readonly ColumnMapping[],
): ValidationResult {
  const { mapped, columnFor } = mappedColumns(catalog, mapping);
  const valid: ValidRow[] = [];
  const errors: RowError[] = [];
  const invalidRows: number[] = [];
  // A file's rows mostly fill the same columns. One list per distinct set: valid rows come
  // back from the row checker by structured clone, which writes a shared list once; a list
  // per row made up about 30% of the clone of 1,000 rows (1.7 of 5.7 ms).
  const providedLists = new Map<string, readonly (keyof CustomerFields)[]>();
  for (const r of rowIndexes) {
    const cells = rows[r] ?? [];
    const rowNo = r + 1;
    const rowErrors: RowError[] = [];
    // Plain objects with only catalog keys: nothing from the file ever becomes a key.
    const customer: Record<string, unknown> = {};
    const contact: Record<string, unknown> = {};
    let owner: string | null = null;
    readCells(cells, mapped, rowNo, rowErrors, (m, value) => {
      if (m.def.field === OWNER_FIELD) {
        owner = String(value);
        return;
      }
      (m.entity === 'contact' ? contact : customer)[m.key] = value;
    });
    const keys = Object.keys(customer) as (keyof CustomerFields)[];
    const listed = keys.join();
    let provided = providedLists.get(listed);
    if (!provided) providedLists.set(listed, (provided = keys));
    const c = customerFieldsSchema.safeParse({ name: '', ...customer });
    if (!c.success) {
      for (const issue of c.error.issues) {
        const field = `customer.${String(issue.path[0] ?? 'name')}`;
        rowErrors.push({ row: rowNo, column: columnFor(field), field, reason: reasonOf(issue.message) });
      }
    } else if (c.data.kind === 'individual' && c.data.creditCode) {
      rowErrors.push({ row: rowNo, column: columnFor('customer.creditCode'), field: 'customer.creditCode', reason: 'validation.creditCodeIndividual' });
    }
    let contactOut: ContactFields | null = null;
    if (Object.keys(contact).length) {
      const p = contactFieldsSchema.safeParse({ name: '', ...contact, isPrimary: true });
      if (!p.success) {
        for (const issue of p.error.issues) {
          const field = `contact.${String(issue.path[0] ?? 'name')}`;
          rowErrors.push({ row: rowNo, column: columnFor(field), field, reason: reasonOf(issue.message) });
        }
      } else contactOut = p.data;
    }
    if (rowErrors.length || !c.success) {
      errors.push(...rowErrors);
      invalidRows.push(rowNo);
      continue;
    }
    const mobile = contactOut?.mobile ? normalizeMobile(contactOut.mobile) || null : null;
    valid.push({ row: rowNo, customer: c.data, provided, contact: contactOut, owner, keys: { name: nameKey(c.data.name), phone: phoneDigits(c.data.phone), mobile } });
  }
  return { valid, errors, invalidRows };
}

// Keys that identify a customer across rows and against the database.
export { nameKey };

// Which of InFileDuplicates' maps holds a key.
const SEEN_SHARDS = 64;
function shardOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h & (SEEN_SHARDS - 1);
}
const seenMaps = () => Array.from({ length: SEEN_SHARDS }, () => new Map<string, number>());

// Rows that repeat an earlier row of the same file (by name, credit code or mobile, in that
// order), checked a batch at a time in file order: row number -> the earlier row it repeats.
export class InFileDuplicates {
  // The keys seen, spread over many maps rather than held in one: a Map grows by copying all
  // its entries at once, and a 100,000-row import holds about 300,000 keys; at 262,144 that
  // one copy held the server's thread (and every colleague's request) for 30-70 ms. One set of
  // maps per kind of key, so that the values themselves are the keys: a prefixed key ("n:" +
  // name) was a new string per key to build, flatten and hash, and the check took 2-4 times as
  // long (0.46 s of a 100,000-row import on the server's thread).
  private readonly names = seenMaps();
  private readonly codes = seenMaps();
  private readonly mobiles = seenMaps();

  check(rows: readonly ValidRow[]): Map<number, number> {
    const dups = new Map<number, number>();
    for (const v of rows) {
      const { name, mobile } = v.keys;
      const code = v.customer.creditCode || null;
      const byName = this.names[shardOf(name)]!;
      const byCode = code === null ? null : this.codes[shardOf(code)]!;
      const byMobile = mobile === null ? null : this.mobiles[shardOf(mobile)]!;
      const first = byName.get(name) ?? byCode?.get(code!) ?? byMobile?.get(mobile!);
      if (first !== undefined) {
        dups.set(v.row, first);
        continue;
      }
      byName.set(name, v.row);
      byCode?.set(code!, v.row);
      byMobile?.set(mobile!, v.row);
    }
    return dups;
  }
}

export function inFileDuplicates(rows: readonly ValidRow[]): Map<number, number> {
  return new InFileDuplicates().check(rows);
}

// How a contact or follow-up row names its customer.
export interface CustomerRef {
  name: string | null;
  creditCode: string | null;
}

export interface RelatedRow<F> {
  row: number;
  ref: CustomerRef;
  fields: F;
  // Other cells the entity resolves against the customer (a follow-up's contact by name).
  extra: Record<string, string>;
}

export interface RelatedValidation<F> {
  valid: RelatedRow<F>[];
  errors: RowError[];
  invalidRows: number[];
}

// Rows of an entity that hangs off a customer: `customer.*` columns find the customer,
// `<prefix>.*` columns are checked by the entity's schema (over `base`, its defaults), other
// columns of the catalog are handed over as text in `extra`.
export function validateRelatedRows<S extends z.ZodType>(
  catalog: EntityCatalog,
  rows: RawCell[][],
  rowIndexes: readonly number[],
  mapping: readonly ColumnMapping[],
  prefix: string,
  schema: S,
  base: Record<string, unknown>,
): RelatedValidation<z.output<S>> {
  const { mapped, columnFor } = mappedColumns(catalog, mapping);
  const out: RelatedValidation<z.output<S>> = { valid: [], errors: [], invalidRows: [] };
  for (const r of rowIndexes) {
    const cells = rows[r] ?? [];
    const rowNo = r + 1;
    const rowErrors: RowError[] = [];
    const ref: CustomerRef = { name: null, creditCode: null };
    const fields: Record<string, unknown> = {};
    const extra: Record<string, string> = {};
    readCells(cells, mapped, rowNo, rowErrors, ({ def: { field }, entity, key }, value) => {
      if (field === 'customer.name') ref.name = String(value);
      else if (field === 'customer.creditCode') ref.creditCode = toHalfWidth(String(value)).toUpperCase();
      else if (entity === prefix && key !== 'contact') fields[key] = value;
      else extra[field] = String(value);
    });
    if (!ref.name && !ref.creditCode) rowErrors.push({ row: rowNo, column: columnFor('customer.name'), field: 'customer.name', reason: 'validation.required' });
    const p = schema.safeParse({ ...base, ...fields });
    if (!p.success) {
      for (const issue of p.error.issues) {
        const key = String(issue.path[0] ?? '');
        const field = `${prefix}.${key}`;
        // A column the row left empty (or the file lacks) reads as missing, not as malformed.
        const missing = issue.code === 'invalid_type' && (fields[key] === undefined || fields[key] === null);
        rowErrors.push({ row: rowNo, column: columnFor(field), field, reason: missing ? 'validation.required' : reasonOf(issue.message) });
      }
    }
    if (rowErrors.length || !p.success) {
      out.errors.push(...rowErrors);
      out.invalidRows.push(rowNo);
      continue;
    }
    out.valid.push({ row: rowNo, ref, fields: p.data, extra });
  }
  return out;
}
