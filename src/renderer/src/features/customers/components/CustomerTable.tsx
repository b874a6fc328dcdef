import { Button, Empty, Result, Table } from 'antd';
import type { ColumnType, SorterResult } from 'antd/es/table/interface';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Paged } from '../../../../../shared/domain/common.schema';
import type { CustomerDto } from '../../../../../shared/domain/customer.schema';
import { describeError } from '../../../lib/errors';
import { useElementHeight } from '../../../lib/useElementHeight';
import { PAGE_SIZES, type CustomerFilters } from '../hooks/useCustomerFilters';
import { customerColumns, type CustomerColumnKey } from './customer-columns';

interface Props {
  data: Paged<CustomerDto> | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  columns: readonly CustomerColumnKey[];
  filters: Pick<CustomerFilters, 'sort' | 'order' | 'page' | 'pageSize'>;
  onChange: (patch: Partial<CustomerFilters>) => void;
  selected?: string[];
  onSelect?: (ids: string[]) => void;
  onOpen?: (c: CustomerDto) => void;
  actions?: (c: CustomerDto) => ReactNode;
  actionsWidth?: number;
  empty: ReactNode;
  // For lists the server cannot sort.
  noSort?: boolean;
}

const HEADER_AND_PAGER = 39 + 56;

// Server-side paging, sorting and a virtual body: only the visible rows are in the DOM, so a
// 200-row page scrolls as smoothly as a 20-row one.
export function CustomerTable(p: Props) {
  const { t } = useTranslation();
  const [box, height] = useElementHeight<HTMLDivElement>();
  const columns = useMemo(() => {
    const cols: ColumnType<CustomerDto>[] = customerColumns(t, p.columns).map((c) => ({
      ...c,
      sorter: p.noSort ? false : c.sorter,
      sortOrder: c.sorter && c.key === p.filters.sort ? (p.filters.order === 'asc' ? 'ascend' : 'descend') : null,
    }));
    if (p.actions) {
      const render = p.actions;
      cols.push({ key: 'actions', title: t('common.actions'), fixed: 'right', width: p.actionsWidth ?? 120, render: (_v, c) => render(c) });
    }
    return cols;
  }, [t, p.columns, p.filters.sort, p.filters.order, p.actions, p.actionsWidth, p.noSort]);
  const scrollX = columns.reduce((sum, c) => sum + Number(c.width ?? 120), p.onSelect ? 48 : 0);

  if (p.error && !p.data) {
    return (
      <Result
        status="warning"
        title={t('common.loadFailed')}
        subTitle={describeError(t, p.error)}
        extra={<Button onClick={p.onRetry}>{t('common.retry')}</Button>}
      />
    );
  }

  return (
    <div ref={box} style={{ flex: 1, minHeight: 240 }} data-testid="customer-table">
      <Table<CustomerDto>
        virtual
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={p.data?.items ?? []}
        loading={p.loading}
        scroll={{ x: scrollX, y: Math.max(160, height - HEADER_AND_PAGER) }}
        locale={{ emptyText: p.loading ? <div style={{ height: 120 }} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p.empty} /> }}
        rowSelection={
          p.onSelect
            ? { selectedRowKeys: p.selected ?? [], onChange: (keys) => p.onSelect?.(keys as string[]), preserveSelectedRowKeys: true, columnWidth: 48 }
            : undefined
        }
        onRow={(c) => ({
          // Ticking a row's box or pressing one of its buttons is not a request to open it.
          onClick: (e) => {
            if (!(e.target as HTMLElement).closest('.ant-table-selection-column, button, a[href], .ant-dropdown')) p.onOpen?.(c);
          },
          style: p.onOpen ? { cursor: 'pointer' } : undefined,
        })}
        pagination={{
          current: p.filters.page,
          pageSize: p.filters.pageSize,
          total: p.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          size: 'small',
        }}
        onChange={(pg, _f, sorter, extra) => {
          if (extra.action === 'sort') {
            const s = sorter as SorterResult<CustomerDto>;
            const key = s.order ? (s.columnKey as CustomerFilters['sort']) : 'updatedAt';
            p.onChange({ sort: key, order: s.order === 'ascend' ? 'asc' : 'desc' });
          } else if (extra.action === 'paginate') {
            p.onChange({ page: pg.current, pageSize: pg.pageSize });
          }
        }}
      />
    </div>
  );
}
