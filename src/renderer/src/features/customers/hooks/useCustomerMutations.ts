import { useMutation } from '@tanstack/react-query';
import { v7 as uuidv7 } from 'uuid';
import type { CustomerFieldsInput } from '../../../../../shared/domain/customer.schema';
import { useInvalidate } from '../../../lib/useInvalidate';
import { api } from '../../../lib/trpc';

export function useCreateCustomer() {
  const invalidate = useInvalidate();
  return useMutation({
    // The id is chosen here so that a retry after a lost answer cannot create a twin.
    mutationFn: (input: CustomerFieldsInput & { id?: string }) => api.customers.create.mutate({ ...input, id: input.id ?? uuidv7() }),
    onSuccess: () => invalidate('customers'),
  });
}

export function useUpdateCustomer() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { id: string; version: number; patch: Partial<CustomerFieldsInput> }) => api.customers.update.mutate(input),
    onSuccess: () => invalidate('customers'),
  });
}

export function useDeleteCustomers() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (ids: string[]) => api.customers.delete.mutate({ ids }),
    onSuccess: () => invalidate('customers'),
  });
}

export function useTransferCustomers() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { ids: string[]; toUserId: string; reason?: string | null }) => api.customers.transfer.mutate(input),
    onSuccess: () => invalidate('customers'),
  });
}

export function useReleaseCustomers() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { ids: string[]; reason?: string | null }) => api.pool.release.mutate(input),
    onSuccess: () => invalidate('customers'),
  });
}
