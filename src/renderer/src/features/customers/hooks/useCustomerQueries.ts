import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CustomerListInput } from '../../../../../shared/domain/customer.schema';
import { qk } from '../../../lib/query-keys';
import { api } from '../../../lib/trpc';

export function useCustomerList(input: CustomerListInput) {
  return useQuery({
    queryKey: qk.customers.list(input),
    queryFn: () => api.customers.list.query(input),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({ queryKey: qk.customers.get(id), queryFn: () => api.customers.get.query({ id }) });
}

export function useOwnerHistory(id: string, enabled = true) {
  return useQuery({ queryKey: qk.customers.ownerHistory(id), queryFn: () => api.customers.ownerHistory.query({ id }), enabled });
}

export function useCustomerTags() {
  return useQuery({ queryKey: qk.customers.tags, queryFn: () => api.customers.tags.query(), staleTime: 60_000 });
}

// Few matches by name, for the parent-customer picker.
export function useCustomerOptions(search: string) {
  return useQuery({
    queryKey: qk.customers.options(search),
    queryFn: () => api.customers.list.query({ page: 1, pageSize: 20, search: search || undefined, sort: 'name', order: 'asc' }),
    placeholderData: keepPreviousData,
  });
}
