import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';

// Column shapes used by every entity. Types are given explicitly (no decorator metadata
// under esbuild) and chosen to behave the same on SQLite, PostgreSQL and MySQL/MariaDB.
// Instants are ISO-8601 UTC text (toISOString, 24 chars): they sort correctly as text and
// avoid each driver's own time-zone handling.
// Columns whose text is machine-made ASCII (ids, instants, dates, normalised keys), only ever
// compared with each other, with literals or for equality. PostgreSQL compares them bytewise
// (COLLATE "C"): under the database's own collation every index step on them goes through the
// locale's strcoll. Measured with a 100,000-row import on C.UTF-8, the cheapest such locale,
// PostgreSQL spent 10-15% less CPU; zh_CN.UTF-8 and en_US.UTF-8 cost more. Text people write
// (names, tags, remarks) keeps the database's collation, which sorts it as they expect. Two
// columns compared in SQL must agree: an id column is declared with these helpers everywhere.
const BYTEWISE = new WeakSet<EntitySchemaColumnOptions>();
const bytewise = (o: EntitySchemaColumnOptions): EntitySchemaColumnOptions => {
  BYTEWISE.add(o);
  return o;
};

export const idColumn = (): EntitySchemaColumnOptions => bytewise({ type: 'varchar', length: 36, primary: true });
export const refColumn = (nullable = true): EntitySchemaColumnOptions => bytewise({ type: 'varchar', length: 36, nullable });
export const text = (length: number, nullable = true): EntitySchemaColumnOptions => ({ type: 'varchar', length, nullable });
// Text derived by the server for lookups (a name folded for duplicate checks, digits of a phone,
// a hash, an id of any entity): see BYTEWISE above.
export const keyText = (length: number, nullable = true): EntitySchemaColumnOptions => bytewise(text(length, nullable));
export const longText = (nullable = true): EntitySchemaColumnOptions => ({ type: 'text', nullable });
export const instant = (nullable = true): EntitySchemaColumnOptions => bytewise({ type: 'varchar', length: 24, nullable });
export const dateOnly = (nullable = true): EntitySchemaColumnOptions => bytewise({ type: 'varchar', length: 10, nullable });
export const int = (dflt?: number): EntitySchemaColumnOptions => ({ type: 'int', ...(dflt === undefined ? {} : { default: dflt }) });
export const bool = (dflt: boolean): EntitySchemaColumnOptions => ({ type: 'boolean', default: dflt });
export const json = (nullable = false): EntitySchemaColumnOptions => ({ type: 'simple-json', nullable });

// The types above whose values every driver reads and writes as the entity holds them: no
// conversion needed (server/db/bulk-insert.ts, select-in.ts).
export const PLAIN_COLUMN_TYPES: ReadonlySet<string> = new Set(['varchar', 'text', 'int', 'integer']);

export const nowIso = () => new Date().toISOString();

// The entities as a PostgreSQL DataSource declares them: the BYTEWISE columns in COLLATE "C".
// Copies, by the same names, which is how TypeORM finds an entity's metadata from the
// original schema (getRepository(CustomerEntity)); other engines get the originals.
export function withBytewiseCollation(schemas: readonly EntitySchema[]): EntitySchema[] {
  return schemas.map((s) => {
    const columns = Object.fromEntries(
      Object.entries(s.options.columns).map(([k, o]) => [k, o && BYTEWISE.has(o) ? { ...o, collation: 'C' } : o]),
    ) as typeof s.options.columns;
    return new EntitySchema({ ...s.options, columns });
  });
}
