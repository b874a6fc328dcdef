import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { OwnerChangeReason } from '../../../src/shared/domain/customer.schema';
import { CustomerCollaboratorEntity, CustomerTagEntity, OwnerHistoryEntity } from './customer.entity';

// The side tables that mirror a customer's tags and collaborators, rewritten in the same
// transaction as the customer so filters on them never disagree with the row.

export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

export async function writeTags(em: EntityManager, customerId: string, tags: string[], replace: boolean): Promise<void> {
  const repo = em.getRepository(CustomerTagEntity);
  if (replace) await repo.delete({ customerId });
  if (tags.length) await repo.insert(tags.map((tag) => ({ customerId, tag })));
}

export async function writeCollaborators(em: EntityManager, customerId: string, userIds: string[], replace: boolean): Promise<void> {
  const repo = em.getRepository(CustomerCollaboratorEntity);
  if (replace) await repo.delete({ customerId });
  if (userIds.length) await repo.insert(userIds.map((userId) => ({ customerId, userId })));
}

export async function writeOwnerHistory(
  em: EntityManager,
  entry: { customerId: string; fromUserId: string | null; toUserId: string | null; byUserId: string | null; reason: OwnerChangeReason; note?: string | null; at: string },
): Promise<void> {
  await em.getRepository(OwnerHistoryEntity).insert({ id: uuidv7(), note: null, ...entry });
}

export const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
