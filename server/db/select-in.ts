import type { EntityManager } from 'typeorm';

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
