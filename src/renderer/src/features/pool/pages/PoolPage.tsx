import { UserAddOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { CustomerDto } from '../../../../../shared/domain/customer.schema';
import { PageHeader } from '../../../components/PageHeader';
import { describeError } from '../../../lib/errors';
import { useCan } from '../../../lib/session-context';
import { CustomerFilterBar } from '../../customers/components/CustomerFilterBar';
import { CustomerTable } from '../../customers/components/CustomerTable';
import { ExportButton } from '../../customers/components/ExportButton';
import type { CustomerColumnKey } from '../../customers/components/customer-columns';
import { TransferModal } from '../../customers/components/TransferModal';
import { hasActiveFilters, toListInput, useCustomerFilters } from '../../customers/hooks/useCustomerFilters';
import { useAssign, useClaim, usePoolList } from '../hooks/usePool';

const COLUMNS: CustomerColumnKey[] = ['name', 'status', 'level', 'industry', 'region', 'tags', 'lastFollowUpAt', 'poolSince'];

export function PoolPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [filters, update] = useCustomerFilters();
  const [selected, setSelected] = useState<string[]>([]);
  const [assignOpen, setAssignOpen] = useState(false);
  // Pool customers have no owner: the owner filter of the customer list does not apply.
  const input = toListInput({ ...filters, ownerIds: [] });
  const list = usePoolList(input);
  const claim = useClaim();
  const assign = useAssign();

  const doClaim = async (ids: string[]) => {
    try {
      const res = await claim.mutateAsync(ids);
      void message.success(t('pool.claimed', { count: res.count }));
      setSelected([]);
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };

  const actions = can('pool.claim')
    ? (c: CustomerDto) => (
        <Button size="small" type="link" onClick={() => void doClaim([c.id])} loading={claim.isPending && claim.variables?.includes(c.id)}>
          {t('pool.claim')}
        </Button>
      )
    : undefined;

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <PageHeader title={t('pool.title')} sub={t('pool.hint')} extra={can('customers.export') && <ExportButton list="pool" input={input} />} />
      <CustomerFilterBar filters={filters} onChange={update} showOwner={false} />
      {selected.length > 0 && (
        <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('common.selected', { count: selected.length })}</Typography.Text>
          {can('pool.claim') && (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => void doClaim(selected)} loading={claim.isPending}>
              {t('pool.claimSelected')}
            </Button>
          )}
          {can('pool.assign') && (
            <Button icon={<UserSwitchOutlined />} onClick={() => setAssignOpen(true)}>
              {t('pool.assign')}
            </Button>
          )}
        </Flex>
      )}
      <CustomerTable
        data={list.data}
        loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
        error={list.error}
        onRetry={() => void list.refetch()}
        columns={COLUMNS}
        filters={filters}
        onChange={update}
        selected={selected}
        onSelect={can('pool.claim') || can('pool.assign') ? setSelected : undefined}
        onOpen={(c) => navigate(`/customers/${c.id}`)}
        actions={actions}
        actionsWidth={90}
        empty={hasActiveFilters(filters) ? t('customers.emptyFiltered') : t('pool.empty')}
      />
      <TransferModal
        open={assignOpen}
        title={t('pool.assignTitle')}
        targetLabel={t('pool.assignTo')}
        count={selected.length}
        onClose={() => setAssignOpen(false)}
        onSubmit={async (v) => {
          const res = await assign.mutateAsync({ ids: selected, ...v });
          setSelected([]);
          return res;
        }}
        doneMessage={(count) => t('pool.assigned', { count })}
      />
    </Flex>
  );
}
