import { useMutation, useQuery } from '@tanstack/react-query';
import { v7 as uuidv7 } from 'uuid';
import type { ContactFields } from '../../../../../shared/domain/contact.schema';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';
import { useInvalidate } from '../../../lib/useInvalidate';

export function useContacts(customerId: string, enabled = true) {
  return useQuery({
    queryKey: qk.contacts.list(customerId),
    queryFn: () => api.contacts.list.query({ customerId, page: 1, pageSize: 200 }),
    enabled,
  });
}

type ContactInput = Partial<ContactFields> & { name: string };

export function useSaveContact(customerId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (v: { id?: string; version?: number; fields: ContactInput; createId?: string }) =>
      v.id
        ? api.contacts.update.mutate({ id: v.id, version: v.version, patch: v.fields })
        : api.contacts.create.mutate({ ...v.fields, customerId, id: v.createId ?? uuidv7() }),
    onSuccess: () => invalidate('contacts'),
  });
}

export function useDeleteContact() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api.contacts.delete.mutate({ id }),
    onSuccess: () => invalidate('contacts'),
  });
}
