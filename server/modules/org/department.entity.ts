import { EntitySchema } from 'typeorm';
import { bool, idColumn, instant, int, refColumn, text } from '../../db/columns';

export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  // Materialised path of ids, "/root/child/", so "department and below" is one prefix match.
  path: string;
  sortOrder: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export const DepartmentEntity = new EntitySchema<Department>({
  name: 'Department',
  tableName: 'departments',
  columns: {
    id: idColumn(),
    name: text(100, false),
    parentId: refColumn(),
    path: text(400, false),
    sortOrder: int(0),
    enabled: bool(true),
    createdAt: instant(false),
    updatedAt: instant(false),
  },
  indices: [{ name: 'idx_departments_parent', columns: ['parentId'] }, { name: 'idx_departments_path', columns: ['path'] }],
});
