import { v7 as uuidv7 } from 'uuid';
import { Like, type DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../../../src/shared/errors';
import type { AuditService } from '../audit/audit.service';
import { auditAs, type Actor } from '../customers/actor';
import { DepartmentEntity, type Department } from './department.entity';

// The department tree (admin.departments). Paths are materialised ("/root/child/"), so a
// move rewrites the path of the whole subtree in the same transaction.
export class AdminDepartmentsService {
  constructor(private readonly deps: { db: DataSource; audit: AuditService }) {}

  async create(actor: Actor, input: { id?: string; name: string; parentId: string }): Promise<Department> {
    return this.deps.db.transaction(async (em) => {
      if (input.id) {
        const existing = await em.getRepository(DepartmentEntity).findOneBy({ id: input.id });
        if (existing) return existing;
      }
      const parent = await this.load(em, input.parentId, 'INVALID_PARENT');
      const id = input.id ?? uuidv7();
      const now = new Date().toISOString();
      const siblings = await em.getRepository(DepartmentEntity).countBy({ parentId: parent.id });
      const row: Department = { id, name: input.name, parentId: parent.id, path: `${parent.path}${id}/`, sortOrder: siblings, enabled: true, createdAt: now, updatedAt: now };
      await em.getRepository(DepartmentEntity).insert({ ...row });
      await auditAs(this.deps.audit, em, actor, 'department.create', 'department', id, { name: input.name, parentId: parent.id });
      return row;
    });
  }

  async rename(actor: Actor, id: string, name: string): Promise<void> {
    await this.deps.db.transaction(async (em) => {
      const dept = await this.load(em, id);
      if (dept.name === name) return;
      await em.getRepository(DepartmentEntity).update({ id }, { name, updatedAt: new Date().toISOString() });
      await auditAs(this.deps.audit, em, actor, 'department.rename', 'department', id, { changes: { name: { before: dept.name, after: name } } });
    });
  }

  // Refuses moving a department under itself or one of its own descendants, and moving the root.
  async move(actor: Actor, id: string, parentId: string): Promise<void> {
    await this.deps.db.transaction(async (em) => {
      const dept = await this.load(em, id);
      const parent = await this.load(em, parentId, 'INVALID_PARENT');
      if (!dept.parentId || parent.path.startsWith(dept.path)) throw new AppError('INVALID_PARENT');
      if (dept.parentId === parent.id) return;
      const repo = em.getRepository(DepartmentEntity);
      const subtree = await repo.findBy({ path: Like(`${dept.path}%`) });
      const newPath = `${parent.path}${dept.id}/`;
      const now = new Date().toISOString();
      for (const d of subtree) {
        await repo.update({ id: d.id }, { path: newPath + d.path.slice(dept.path.length), ...(d.id === id ? { parentId: parent.id } : {}), updatedAt: now });
      }
      await auditAs(this.deps.audit, em, actor, 'department.move', 'department', id, {
        name: dept.name,
        changes: { parentId: { before: dept.parentId, after: parent.id } },
        subtree: subtree.length,
      });
    });
  }

  // A disabled department keeps its people and customers; it is flagged in pickers.
  async setEnabled(actor: Actor, id: string, enabled: boolean): Promise<void> {
    await this.deps.db.transaction(async (em) => {
      const dept = await this.load(em, id);
      if (!dept.parentId && !enabled) throw new AppError('INVALID_PARENT', { reason: 'root' });
      if (dept.enabled === enabled) return;
      await em.getRepository(DepartmentEntity).update({ id }, { enabled, updatedAt: new Date().toISOString() });
      await auditAs(this.deps.audit, em, actor, enabled ? 'department.enable' : 'department.disable', 'department', id, {
        name: dept.name,
        changes: { enabled: { before: dept.enabled, after: enabled } },
      });
    });
  }

  private async load(em: EntityManager, id: string, code: 'NOT_FOUND' | 'INVALID_PARENT' = 'NOT_FOUND'): Promise<Department> {
    const d = await em.getRepository(DepartmentEntity).findOneBy({ id });
    if (!d) throw new AppError(code);
    return d;
  }
}
