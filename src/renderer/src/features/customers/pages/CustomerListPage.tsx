import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../../lib/session-context';
import { useStoredState } from '../../../lib/useStoredState';
import { BulkActions } from '../components/BulkActions';
import { ColumnChooser } from '../components/ColumnChooser';
import { CustomerFilterBar } from '../components/CustomerFilterBar';
import { CustomerTable } from '../components/CustomerTable';
import { ExportButton } from '../components/ExportButton';
import type { CustomerColumnKey } from '../components/customer-columns';
import { hasActiveFilters, toListInput, useCustomerFilters } from '../hooks/useCustomerFilters';
import { useCustomerList } from '../hooks/useCustomerQueries';

const AVAILABLE: CustomerColumnKey[] = [
  'name', 'status', 'level', 'industry', 'region', 'owner', 'phone', 'tags', 'source', 'creditCode',
  'lastFollowUpAt', 'nextFollowUpAt', 'createdAt', 'updatedAt',
];
const DEFAULT_COLUMNS: CustomerColumnKey[] = ['name', 'status', 'level', 'industry', 'region', 'owner', 'phone', 'lastFollowUpAt', 'nextFollowUpAt', 'updatedAt'];

export function CustomerListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [filters, update] = useCustomerFilters();
  const [columns, setColumns] = useStoredState<CustomerColumnKey[]>('crm.customers.columns', DEFAULT_COLUMNS);
  const [selected, setSelected] = useState<string[]>([]);
  const list = useCustomerList(toListInput(filters));
  const visible = AVAILABLE.filter((k) => k === 'name' || columns.includes(k));

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader
        title={t('customers.title')}
        extra={
          <>
            <ColumnChooser available={AVAILABLE} value={visible} defaults={DEFAULT_COLUMNS} onChange={setColumns} />
            {can('customers.export') && <ExportButton input={toListInput(filters)} />}
            {can('customers.import') && (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/customers/import')}>
                {t('importWizard.button')}
              </Button>
            )}
            {can('customers.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/customers/new')}>
                {t('customers.new')}
              </Button>
            )}
          </>
        }
      />
      <CustomerFilterBar filters={filters} onChange={update} />
      {selected.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          <BulkActions ids={selected} onDone={() => setSelected([])} />
        </div>
      )}
      <CustomerTable
        data={list.data}
        // A background refresh (live change) keeps the rows; only a new query shows the spinner.
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        error={list.error}
        onRetry={() => void list.refetch()}
        columns={visible}
        filters={filters}
        onChange={update}
        selected={selected}
        onSelect={can('customers.transfer') || can('pool.release') || can('customers.delete') ? setSelected : undefined}
        onOpen={(c) => navigate(`/customers/${c.id}`)}
        empty={hasActiveFilters(filters) ? t('customers.emptyFiltered') : t('customers.emptyTitle')}
      />
    </Flex>
  );
}
