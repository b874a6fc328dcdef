import { EntitySchema } from 'typeorm';
import { idColumn, instant, json, refColumn, text } from '../../db/columns';

// A user's saved column mapping for one entity: which header of their usual file goes to
// which field. Kept by header text, not position, so it applies to next month's file too.
export interface MappingTemplate {
  id: string;
  userId: string;
  entity: string;
  name: string;
  columns: { header: string; field: string | null }[];
  createdAt: string;
  updatedAt: string;
}

export const MappingTemplateEntity = new EntitySchema<MappingTemplate>({
  name: 'MappingTemplate',
  tableName: 'import_mapping_templates',
  columns: {
    id: idColumn(),
    userId: refColumn(false),
    entity: text(30, false),
    name: text(60, false),
    columns: json(false),
    createdAt: instant(false),
    updatedAt: instant(false),
  },
  uniques: [{ name: 'uq_import_templates_name', columns: ['userId', 'entity', 'name'] }],
});
