import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

// Multi-row INSERTs built straight from the entity metadata, for loading many rows (demo
// data, benchmarks, imports). TypeORM's insert builder spends most of its time assembling
// large statements; this is several times faster and gives the same stored values (each
// value still goes through the driver's preparePersistentValue: simple-json, booleans...).
// Rows must be complete: a missing value becomes the column default, else NULL.
export async function bulkInsert<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: T[], chunkSize = 500): Promise<void> {
  if (rows.length === 0) return;
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = meta.columns.filter((c) => !(c.isGenerated && c.generationStrategy === 'increment'));
  const numbered = driver.options.type === 'postgres';
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(start, start + chunkSize)) {
      const marks: string[] = [];
      for (const c of columns) {
        const raw = c.getEntityValue(row);
        const value = raw === undefined ? (typeof c.default === 'function' ? null : (c.default ?? null)) : raw;
        params.push(value === null ? null : driver.preparePersistentValue(value, c));
        marks.push(numbered ? `$${params.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    await em.query(head + tuples.join(', '), params);
  }
}
