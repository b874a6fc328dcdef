import type { EntitySchemaColumnOptions } from 'typeorm';

// Column shapes used by every entity. Types are given explicitly (no decorator metadata
// under esbuild) and chosen to behave the same on SQLite, PostgreSQL and MySQL/MariaDB.
// Instants are ISO-8601 UTC text (toISOString, 24 chars): they sort correctly as text and
// avoid each driver's own time-zone handling.
export const idColumn = (): EntitySchemaColumnOptions => ({ type: 'varchar', length: 36, primary: true });
export const refColumn = (nullable = true): EntitySchemaColumnOptions => ({ type: 'varchar', length: 36, nullable });
export const text = (length: number, nullable = true): EntitySchemaColumnOptions => ({ type: 'varchar', length, nullable });
export const longText = (nullable = true): EntitySchemaColumnOptions => ({ type: 'text', nullable });
export const instant = (nullable = true): EntitySchemaColumnOptions => ({ type: 'varchar', length: 24, nullable });
export const dateOnly = (nullable = true): EntitySchemaColumnOptions => ({ type: 'varchar', length: 10, nullable });
export const int = (dflt?: number): EntitySchemaColumnOptions => ({ type: 'int', ...(dflt === undefined ? {} : { default: dflt }) });
export const bool = (dflt: boolean): EntitySchemaColumnOptions => ({ type: 'boolean', default: dflt });
export const json = (nullable = false): EntitySchemaColumnOptions => ({ type: 'simple-json', nullable });

export const nowIso = () => new Date().toISOString();
