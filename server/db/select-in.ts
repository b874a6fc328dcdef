import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { PLAIN_COLUMN_TYPES } from './columns';

const CHUNK = 1000;

// SELECT <columns> FROM <table> WHERE <key> IN (...values), as plain SQL for the hot paths
// (an import's duplicate lookups): TypeORM's query builder spends more time naming hundreds
// of IN parameters than the database spends answering. `columns` maps each property of the
// result to its column.
export async function selectIn<T extends Record<string, unknown>>(
  em: EntityManager,
  table: string,
  columns: { [K in keyof T]: string },
  key: string,
  values: readonly unknown[],
): Promise<T[]> {
  const d = em.connection.driver;
  const numbered = d.options.type === 'postgres';
  const list = Object.entries(columns).map(([prop, col]) => `${d.escape(col)} AS ${d.escape(prop)}`).join(', ');
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    const chunk = values.slice(i, i + CHUNK);
    // PostgreSQL binds one array far faster than hundreds of parameters.
    const rows = (
      numbered
        ? await em.query(`SELECT ${list} FROM ${d.escape(table)} WHERE ${d.escape(key)} = ANY($1)`, [chunk])
        : await em.query(`SELECT ${list} FROM ${d.escape(table)} WHERE ${d.escape(key)} IN (${chunk.map(() => '?').join(', ')})`, chunk)
    ) as T[];
    for (const r of rows) out.push(r);
  }
  return out;
}

// An entity's rows by a key, through selectIn: TypeORM's find hydrates each row column by
// column through generic code, and an export of 100,000 customers spent over a second of the
// server's thread there. Plain columns come back as the driver reads them; the others (JSON,
// booleans) go through the driver's own conversion, as TypeORM's would. Flat entities only.
export async function selectEntitiesIn<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, key: keyof T & string, values: readonly unknown[]): Promise<T[]> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns: Record<string, string> = {};
  const converted: EntityMetadata['columns'] = [];
  for (const c of meta.columns) {
    if (c.embeddedMetadata || c.relationMetadata) throw new Error(`selectEntitiesIn: ${meta.name}.${c.propertyPath} is not a flat column`);
    columns[c.propertyName] = c.databaseName;
    if (c.transformer || !PLAIN_COLUMN_TYPES.has(String(c.type))) converted.push(c);
  }
  const keyColumn = meta.findColumnWithPropertyName(key);
  if (!keyColumn) throw new Error(`selectEntitiesIn: ${meta.name} has no column ${key}`);
  const rows = await selectIn<Record<string, unknown>>(em, meta.tableName, columns, keyColumn.databaseName, values);
  for (const row of rows) for (const c of converted) row[c.propertyName] = driver.prepareHydratedValue(row[c.propertyName], c);
  return rows as T[];
}
