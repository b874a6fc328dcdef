import { DeleteOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { SearchBox } from '../../../components/SearchBox';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { CustomerTable } from '../../customers/components/CustomerTable';
import { ExportButton } from '../../customers/components/ExportButton';
import { useCustomerFilters } from '../../customers/hooks/useCustomerFilters';
import { usePurge, useRecycleBin, useRestore } from '../hooks/useRecycleBin';

export function RecycleBinPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const [filters, update] = useCustomerFilters();
  const [selected, setSelected] = useState<string[]>([]);
  const input = { page: filters.page, pageSize: filters.pageSize, search: filters.search.trim() || undefined };
  const list = useRecycleBin(input);
  const restore = useRestore();
  const purge = usePurge();

  const run = async (fn: () => Promise<{ count: number }>, done: (n: number) => string) => {
    try {
      const res = await fn();
      void message.success(done(res.count));
    } catch (e) {
      void message.error(describeError(t, e));
    }
    setSelected([]);
  };

  const confirmPurge = (ids: string[]) =>
    modal.confirm({
      title: t('recycleBin.purgeConfirmTitle'),
      content: t('recycleBin.purgeConfirm', { count: ids.length }),
      okButtonProps: { danger: true },
      okText: t('recycleBin.purge'),
      onOk: () => run(() => purge.mutateAsync(ids), (count) => t('recycleBin.purged', { count })),
    });

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader title={t('recycleBin.title')} sub={t('recycleBin.hint')} extra={can('customers.export') && <ExportButton list="recycleBin" input={input} />} />
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <SearchBox value={filters.search} onSearch={(search) => update({ search })} placeholder={t('customers.searchPlaceholder')} />
        {selected.length > 0 && (
          <>
            <Typography.Text type="secondary">{t('common.selected', { count: selected.length })}</Typography.Text>
            <Button
              icon={<UndoOutlined />}
              loading={restore.isPending}
              onClick={() => void run(() => restore.mutateAsync(selected), (count) => t('recycleBin.restored', { count }))}
            >
              {t('recycleBin.restore')}
            </Button>
            {can('customers.purge') && (
              <Button danger icon={<DeleteOutlined />} onClick={() => confirmPurge(selected)}>
                {t('recycleBin.purge')}
              </Button>
            )}
          </>
        )}
      </Flex>
      <CustomerTable
        data={list.data}
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        error={list.error}
        onRetry={() => void list.refetch()}
        columns={['name', 'owner', 'status', 'region', 'deletedAt']}
        filters={filters}
        onChange={update}
        noSort
        selected={selected}
        onSelect={setSelected}
        actions={(c) => (
          <Flex gap={4}>
            <Button size="small" type="link" onClick={() => void run(() => restore.mutateAsync([c.id]), (count) => t('recycleBin.restored', { count }))}>
              {t('recycleBin.restore')}
            </Button>
            {can('customers.purge') && (
              <Button size="small" type="link" danger onClick={() => confirmPurge([c.id])}>
                {t('recycleBin.purge')}
              </Button>
            )}
          </Flex>
        )}
        actionsWidth={can('customers.purge') ? 170 : 90}
        empty={t('recycleBin.empty')}
      />
    </Flex>
  );
}
