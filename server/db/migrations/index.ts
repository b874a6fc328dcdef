import type { MigrationInterface } from 'typeorm';
import type { DatabaseKind } from '../../config';
import { migrations as mysql } from './mysql';
import { migrations as postgres } from './postgres';
import { migrations as sqlite } from './sqlite';

// One generated, then frozen, migration set per database (scripts/generate-migration.ts):
// each engine gets the DDL TypeORM itself would issue, and a test proves the result equals
// what the entities describe.
export const MIGRATIONS: Record<DatabaseKind, (new () => MigrationInterface)[]> = { sqlite, postgres, mysql };
