import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Caller } from '../../trpc/context';

// Who is acting and from where: what services need for checks and audit entries.
export interface Actor {
  caller: Caller;
  ip: string | null;
}

export function auditAs(
  audit: AuditService,
  em: EntityManager,
  actor: Actor | null,
  action: string,
  entity: string,
  entityId: string,
  detail: Record<string, unknown>,
): Promise<void> {
  return audit.write(em, {
    userId: actor?.caller.user.id ?? null,
    username: actor?.caller.user.username ?? null,
    ip: actor?.ip ?? null,
    action,
    entity,
    entityId,
    detail,
  });
}
