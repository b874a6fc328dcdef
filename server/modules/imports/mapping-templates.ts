import { v7 as uuidv7 } from 'uuid';
import type { DataSource } from 'typeorm';
import { labelKey } from '../../../src/shared/excel/clean';
import { headerSetKey, type ColumnMapping } from '../../../src/shared/excel/header';
import type { ImportEntity } from '../../../src/shared/excel/import.schema';
import { AppError } from '../../../src/shared/errors';
import type { Actor } from '../customers/actor';
import { MappingTemplateEntity, type MappingTemplate } from './mapping-template.entity';

export interface MappingTemplateDto {
  id: string;
  entity: string;
  name: string;
  columns: { header: string; field: string | null }[];
  updatedAt: string;
}

const MAX_TEMPLATES = 50;
const toDto = (t: MappingTemplate): MappingTemplateDto => ({ id: t.id, entity: t.entity, name: t.name, columns: t.columns, updatedAt: t.updatedAt });

// Each user's saved mappings, per entity. A template applies to a file whose header row has
// exactly the template's headers (compared as labels: case, width and brackets aside).
export class MappingTemplates {
  constructor(private readonly db: DataSource) {}

  async list(actor: Actor, entity: ImportEntity): Promise<MappingTemplateDto[]> {
    const rows = await this.db.getRepository(MappingTemplateEntity).find({ where: { userId: actor.caller.user.id, entity }, order: { name: 'ASC' } });
    return rows.map(toDto);
  }

  // Saving under an existing name replaces that template.
  async save(actor: Actor, input: { entity: ImportEntity; name: string; columns: { header: string; field: string | null }[] }): Promise<MappingTemplateDto> {
    const repo = this.db.getRepository(MappingTemplateEntity);
    const userId = actor.caller.user.id;
    const now = new Date().toISOString();
    const existing = await repo.findOneBy({ userId, entity: input.entity, name: input.name });
    if (existing) {
      await repo.update({ id: existing.id }, { columns: input.columns, updatedAt: now });
      return toDto({ ...existing, columns: input.columns, updatedAt: now });
    }
    if ((await repo.countBy({ userId })) >= MAX_TEMPLATES) throw new AppError('VALIDATION', {}, [{ path: 'name', message: 'validation.tooMany' }]);
    const row: MappingTemplate = { id: uuidv7(), userId, entity: input.entity, name: input.name, columns: input.columns, createdAt: now, updatedAt: now };
    await repo.insert(row);
    return toDto(row);
  }

  async delete(actor: Actor, id: string): Promise<{ count: number }> {
    const res = await this.db.getRepository(MappingTemplateEntity).delete({ id, userId: actor.caller.user.id });
    if (!res.affected) throw new AppError('NOT_FOUND');
    return { count: 1 };
  }

  // The caller's template for these headers, if one matches.
  async matching(actor: Actor, entity: ImportEntity, columns: readonly ColumnMapping[]): Promise<MappingTemplateDto | null> {
    const want = headerSetKey(columns.map((c) => c.header));
    return (await this.list(actor, entity)).find((t) => headerSetKey(t.columns.map((c) => c.header)) === want) ?? null;
  }

  // The header lists of the caller's templates for this entity (as labels), for detectHeader
  // to find a header row that the catalog does not recognise but a template names.
  async headerSets(actor: Actor, entity: ImportEntity): Promise<string[][]> {
    return (await this.list(actor, entity)).map((t) => [...new Set(t.columns.map((c) => labelKey(c.header)).filter(Boolean))]);
  }
}

// The template's fields over the detected columns, by header.
export function mappingFromTemplate(template: MappingTemplateDto, columns: readonly ColumnMapping[]): { col: number; field: string | null }[] {
  const byHeader = new Map(template.columns.map((c) => [labelKey(c.header), c.field]));
  return columns.map((c) => ({ col: c.col, field: byHeader.get(labelKey(c.header)) ?? null }));
}
