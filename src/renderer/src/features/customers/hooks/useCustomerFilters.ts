import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CUSTOMER_SORT_FIELDS, type CustomerListInput } from '../../../../../shared/domain/customer.schema';

export interface CustomerFilters {
  search: string;
  status: string[];
  level: string[];
  industry: string[];
  region: string[];
  ownerIds: string[];
  tags: string[];
  sort: (typeof CUSTOMER_SORT_FIELDS)[number];
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const LISTS = ['status', 'level', 'industry', 'region', 'ownerIds', 'tags'] as const;
export const PAGE_SIZES = [50, 100, 200];

// Filters live in the address so that coming back from a customer's page restores the list
// exactly as it was, and Back / Forward step through searches.
export function useCustomerFilters(): [CustomerFilters, (patch: Partial<CustomerFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<CustomerFilters>(() => {
    const list = (k: string) => (params.get(k) ?? '').split(',').filter(Boolean);
    const sort = params.get('sort') ?? '';
    const size = Number(params.get('size'));
    return {
      search: params.get('q') ?? '',
      status: list('status'),
      level: list('level'),
      industry: list('industry'),
      region: list('region'),
      ownerIds: list('ownerIds'),
      tags: list('tags'),
      sort: (CUSTOMER_SORT_FIELDS as readonly string[]).includes(sort) ? (sort as CustomerFilters['sort']) : 'updatedAt',
      order: params.get('order') === 'asc' ? 'asc' : 'desc',
      page: Math.max(1, Number(params.get('page')) || 1),
      pageSize: PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0]!,
    };
  }, [params]);

  const update = useCallback(
    (patch: Partial<CustomerFilters>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const set = (k: string, v: string) => (v ? next.set(k, v) : next.delete(k));
          if (patch.search !== undefined) set('q', patch.search);
          for (const k of LISTS) if (patch[k] !== undefined) set(k, patch[k].join(','));
          if (patch.sort !== undefined) set('sort', patch.sort === 'updatedAt' ? '' : patch.sort);
          if (patch.order !== undefined) set('order', patch.order === 'desc' ? '' : patch.order);
          if (patch.pageSize !== undefined) set('size', patch.pageSize === PAGE_SIZES[0] ? '' : String(patch.pageSize));
          // Any other change starts again from the first page.
          set('page', patch.page && patch.page > 1 ? String(patch.page) : '');
          return next;
        },
        { replace: patch.page === undefined && patch.search !== undefined },
      );
    },
    [setParams],
  );
  return [filters, update];
}

export function hasActiveFilters(f: CustomerFilters): boolean {
  return !!f.search || LISTS.some((k) => f[k].length > 0);
}

export function toListInput(f: CustomerFilters): CustomerListInput {
  return {
    page: f.page,
    pageSize: f.pageSize,
    search: f.search.trim() || undefined,
    status: f.status.length ? (f.status as CustomerListInput['status']) : undefined,
    level: f.level.length ? (f.level as CustomerListInput['level']) : undefined,
    industry: f.industry.length ? (f.industry as CustomerListInput['industry']) : undefined,
    region: f.region.at(-1),
    ownerIds: f.ownerIds.length ? f.ownerIds : undefined,
    tags: f.tags.length ? f.tags : undefined,
    sort: f.sort,
    order: f.order,
  };
}
