import type { Entity, Row } from './cache-store';

// What an optimistic row needs to know from the rest of the cache: records by id, and the
// name of a user some cached record already shows (owner, collaborator, author).
export interface RowLookup {
  get(entity: Entity, id: string): Row | null;
  userName(id: string): string | null;
}

// A DTO with a patch on top, as the server would show it once applied: the patch speaks in
// input fields (collaboratorIds, parentId, contactId), the DTO in what they refer to.
export function patchedRow(entity: Entity, row: Row, patch: Record<string, unknown>, lookup: RowLookup, now: string): Row {
  const next: Row = { ...row, updatedAt: now };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (entity === 'customer' && field === 'collaboratorIds') {
      const known = new Map(((row.collaborators as { id: string; name: string }[] | undefined) ?? []).map((u) => [u.id, u.name]));
      next.collaborators = (value as string[]).map((id) => ({ id, name: known.get(id) ?? lookup.userName(id) ?? '' }));
      continue;
    }
    if (entity === 'customer' && field === 'parentId') {
      const parent = typeof value === 'string' ? lookup.get('customer', value) : null;
      next.parentId = value;
      next.parent = typeof value === 'string' ? { id: value, name: String(parent?.name ?? '') } : null;
      continue;
    }
    if (entity === 'followUp' && field === 'contactId') {
      next.contactId = value;
      next.contactName = typeof value === 'string' ? String(lookup.get('contact', value)?.name ?? '') || null : null;
      continue;
    }
    if (entity === 'followUp' && field === 'at' && typeof value === 'string') {
      // Stored and sorted as UTC text, as the server does.
      next.at = new Date(value).toISOString();
      continue;
    }
    next[field] = value;
  }
  return next;
}
