import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { PLAIN_COLUMN_TYPES } from './columns';

// Multi-row INSERTs built straight from the entity metadata, for loading many rows (demo
// data, benchmarks, imports). TypeORM's insert builder spends most of its time assembling
// large statements; this is several times faster and gives the same stored values (each
// value still goes through the driver's preparePersistentValue: simple-json, booleans...).
// Rows must be complete: a missing value becomes the column default, else NULL.
export async function bulkInsert<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: T[], chunkSize = 500): Promise<void> {
  await prepareBulkInsert(em, entity, rows, chunkSize).run(em);
}

// The statements of a bulk insert, built ahead: turning rows into parameters is most of the
// CPU an insert costs, and need not happen while a transaction (on SQLite, THE connection)
// is held.
export interface PreparedInsert {
  readonly statements: readonly { sql: string; params: unknown[] }[];
  run(em: EntityManager): Promise<void>;
}

export function prepareBulkInsert<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: readonly T[], chunkSize = 500): PreparedInsert {
  if (rows.length === 0) return { statements: [], run: async () => undefined };
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment'));
  // Per column, the cheapest correct read: a plain property of a plain column needs neither
  // TypeORM's entity walk nor its value conversion (only JSON, booleans and transformed
  // columns do); a bulk insert reads every cell of every row.
  const readers = columns.map((c): ((row: T) => unknown) => {
    const dflt = typeof c.default === 'function' ? null : (c.default ?? null);
    const plain = !c.embeddedMetadata && !c.relationMetadata && !c.transformer && PLAIN_COLUMN_TYPES.has(String(c.type));
    if (plain) return plainReader(c.propertyName, dflt);
    return (row) => {
      const raw = c.getEntityValue(row);
      const value = raw === undefined ? dflt : raw;
      return value === null ? null : driver.preparePersistentValue(value, c);
    };
  });
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) `;
  const statements: { sql: string; params: unknown[] }[] = [];
  const arrayTypes = driver.options.type === 'postgres' ? columns.map((c) => PG_ARRAY_TYPES[String(c.type)]) : [];
  if (arrayTypes.length && arrayTypes.every((t) => t !== undefined)) {
    // PostgreSQL: one array parameter per column (unnest) instead of one parameter per cell.
    // Binding tens of thousands of parameters costs more than the insert itself; arrays of
    // thousands of rows bind in a fraction of that.
    for (let start = 0; start < rows.length; start += PG_ARRAY_CHUNK) {
      statements.push(unnestInsert(head, arrayTypes as string[], readers.map((read) => rows.slice(start, start + PG_ARRAY_CHUNK).map(read))));
    }
  } else {
    const numbered = driver.options.type === 'postgres';
    // Every row's tuple is the same string where parameters are "?".
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let start = 0; start < rows.length; start += chunkSize) {
      const chunk = rows.slice(start, start + chunkSize);
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (const row of chunk) {
        if (numbered) {
          const marks: string[] = [];
          for (const read of readers) {
            params.push(read(row));
            marks.push(`$${params.length}`);
          }
          tuples.push(`(${marks.join(', ')})`);
        } else for (const read of readers) params.push(read(row));
      }
      const values = numbered ? tuples.join(', ') : Array.from({ length: chunk.length }, () => tuple).join(', ');
      statements.push({ sql: `${head}VALUES ${values}`, params });
    }
  }
  return {
    statements,
    async run(target) {
      for (const s of statements) await target.query(s.sql, s.params);
    },
  };
}

// One INSERT … SELECT FROM unnest of a chunk's columns. A column holding one value throughout
// (an import's creator, its time, the NULLs of fields nobody filled: about half the cells of
// an imported customer) is sent once, as a scalar: every cell costs escaping on our side and
// parsing on the server's. At least one column stays an array, to give the row count.
// Ordered by position so that serial columns (change_log.seq) follow the order of the rows.
function unnestInsert(head: string, arrayTypes: readonly string[], values: unknown[][]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const arrays: string[] = [];
  const names: string[] = [];
  const select = values.map((column, i) => {
    if (arrays.length > 0 || i < values.length - 1) {
      if (column.every((v) => v === column[0])) {
        params.push(column[0]);
        return `$${params.length}::${arrayTypes[i]!.slice(0, -2)}`;
      }
    }
    params.push(column);
    arrays.push(`$${params.length}::${arrayTypes[i]}`);
    names.push(`c${i}`);
    return `c${i}`;
  });
  return { sql: `${head}SELECT ${select.join(', ')} FROM unnest(${arrays.join(', ')}) WITH ORDINALITY AS u(${names.join(', ')}, n) ORDER BY n`, params };
}

// The array type each column type binds as (server/db/columns.ts uses only these); a column
// of any other type sends the table down the VALUES path. The insert casts each element to
// the column's own type (varchar(n) still checks its length).
const PG_ARRAY_TYPES: Record<string, string> = { varchar: 'text[]', text: 'text[]', 'simple-json': 'text[]', int: 'int4[]', integer: 'int4[]', boolean: 'bool[]' };
const PG_ARRAY_CHUNK = 5000;

// A reader of its own for each column, compiled with the property name written into it: one
// shared `row[key]` would see every column's key, turn megamorphic (the slowest kind of
// property read) and be paid for at every cell of a 100,000-row import. The name comes from
// the entity definitions, never from data, and is quoted by JSON.stringify all the same.
function plainReader<T>(key: string, dflt: unknown): (row: T) => unknown {
  return new Function('d', `return (row) => { const v = row[${JSON.stringify(key)}]; return v === undefined ? d : v; };`)(dflt) as (row: T) => unknown;
}
