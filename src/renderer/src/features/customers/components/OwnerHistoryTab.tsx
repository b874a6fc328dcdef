import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OwnerHistoryDto } from '../../../../../shared/domain/customer.schema';
import { QueryError } from '../../../components/QueryError';
import { formatInstant } from '../../../lib/format';
import { useOwnerHistory } from '../hooks/useCustomerQueries';

export function OwnerHistoryTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const history = useOwnerHistory(customerId);
  if (history.isError) return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  const name = (u: { name: string } | null) => u?.name ?? <Typography.Text type="secondary">{t('customers.noOwner')}</Typography.Text>;
  return (
    <Table<OwnerHistoryDto>
      size="small"
      rowKey="id"
      loading={history.isPending}
      dataSource={history.data ?? []}
      pagination={false}
      locale={{ emptyText: t('customers.ownerHistory.empty') }}
      columns={[
        { key: 'at', title: t('customers.ownerHistory.at'), width: 160, render: (_v, h) => formatInstant(h.at) },
        { key: 'reason', title: t('customers.ownerHistory.reason'), width: 120, render: (_v, h) => t(`enums.ownerChange.${h.reason}`) },
        { key: 'from', title: t('customers.ownerHistory.from'), width: 120, render: (_v, h) => name(h.from) },
        { key: 'to', title: t('customers.ownerHistory.to'), width: 120, render: (_v, h) => name(h.to) },
        { key: 'by', title: t('customers.ownerHistory.by'), width: 120, render: (_v, h) => h.by?.name ?? '' },
        { key: 'note', title: t('customers.ownerHistory.note'), render: (_v, h) => h.note ?? '' },
      ]}
    />
  );
}
